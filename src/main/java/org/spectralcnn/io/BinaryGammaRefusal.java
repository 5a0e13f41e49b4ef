package org.spectralcnn.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.spectralcnn.data.SpectralDataset;

/**
 * Binary gamma spectra (ORTEC {@code .spc} and {@code .chn}, Canberra {@code .cnf}) are refused
 * with advice rather than reported as unknown, so gamma users know what to export. A
 * {@code .spc} whose byte 1 is {@code 0x4B}, {@code 0x4C} or {@code 0x4D} is a Thermo/Galactic
 * GRAMS SPC (NIR/MIR), not ORTEC, and is left to that format.
 */
final class BinaryGammaRefusal implements SpectraReader {

	private static final List<String> EXTENSIONS = Arrays.asList("spc", "chn", "cnf");

	@Override
	public String name() {
		return "ORTEC binary .spc/.chn, Canberra .cnf (refused)";
	}

	@Override
	public List<String> extensions() {
		return EXTENSIONS;
	}

	@Override
	public boolean recognises(final byte[] head, final String extension) {
		if (extension.equals("spc")) return !isGalacticSpc(head);
		return EXTENSIONS.contains(extension);
	}

	/** Byte 1 of a Thermo/Galactic SPC file: new LSB, new MSB or old LabCalc format. */
	static boolean isGalacticSpc(final byte[] head) {
		return head.length > 1 && head[1] >= 0x4b && head[1] <= 0x4d;
	}

	@Override
	public SpectralDataset read(final Path file, final byte[] bytes, final ReadOptions options)
		throws SpectraFormatException
	{
		final String ext = Datasets.extension(file);
		throw new SpectraFormatException(file, 0, 0, "binary ." + ext + " spectra (" + (ext.equals(
			"cnf") ? "Canberra CNF" : "ORTEC ." + ext) + ") are not supported; export the spectrum " +
			"as ORTEC ASCII .spe or CSV from the acquisition software");
	}
}
