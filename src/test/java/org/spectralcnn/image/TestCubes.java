package org.spectralcnn.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small synthetic ENVI cubes for tests and benchmarks: any interleave, data type, byte
 * order and header offset, with the raw value of pixel (x, y) in band b given by {@link #raw}
 * (integers that every data type holds exactly).
 */
public final class TestCubes {

	private TestCubes() {}

	/** The raw value stored at (x, y, band b); negative ones only for signed types. */
	public static double raw(final int type, final int x, final int y, final int b) {
		final int v = (x * 7 + y * 13 + b * 3) % 97 + 1;
		return type == 1 || type == 12 ? v : v - 40;
	}

	/**
	 * Writes {@code dir/name.hdr} and {@code dir/name.img}.
	 *
	 * @param interleave bsq, bil or bip
	 * @param extraHeader further header lines (may be empty)
	 * @return the header
	 */
	public static Path write(final Path dir, final String name, final int samples, final int lines,
		final int bands, final String interleave, final int type, final ByteOrder order,
		final int offset, final String extraHeader) throws IOException
	{
		final StringBuilder wl = new StringBuilder();
		for (int b = 0; b < bands; b++) wl.append(b == 0 ? "" : ", ").append(1000 + 10 * b);
		final String header = "ENVI\ndescription = {synthetic test cube}\nsamples = " + samples +
			"\nlines = " + lines + "\nbands = " + bands + "\nheader offset = " + offset +
			"\nfile type = ENVI Standard\ndata type = " + type + "\ninterleave = " + interleave +
			"\nbyte order = " + (order == ByteOrder.BIG_ENDIAN ? 1 : 0) +
			"\nwavelength units = Nanometers\nwavelength = {" + wl + "}\n" + extraHeader;
		final Path hdr = dir.resolve(name + ".hdr");
		Files.write(hdr, header.getBytes(StandardCharsets.UTF_8));
		final int size = type == 1 ? 1 : type == 2 || type == 12 ? 2 : type == 5 ? 8 : 4;
		try (OutputStream out = Files.newOutputStream(dir.resolve(name + ".img"))) {
			out.write(new byte[offset]);
			// one line (or one band line for BSQ) at a time: benchmark cubes are large
			final ByteBuffer buf = ByteBuffer.allocate(samples * size).order(order);
			if (interleave.equals("bsq")) {
				for (int b = 0; b < bands; b++)
					for (int y = 0; y < lines; y++) {
						buf.clear();
						for (int x = 0; x < samples; x++) put(buf, type, raw(type, x, y, b));
						out.write(buf.array(), 0, buf.position());
					}
			}
			else {
				final ByteBuffer line = ByteBuffer.allocate(samples * bands * size).order(order);
				for (int y = 0; y < lines; y++) {
					line.clear();
					if (interleave.equals("bil")) {
						for (int b = 0; b < bands; b++)
							for (int x = 0; x < samples; x++) put(line, type, raw(type, x, y, b));
					}
					else for (int x = 0; x < samples; x++)
						for (int b = 0; b < bands; b++) put(line, type, raw(type, x, y, b));
					out.write(line.array(), 0, line.position());
				}
			}
		}
		return hdr;
	}

	private static void put(final ByteBuffer b, final int type, final double v) {
		switch (type) {
			case 1:
				b.put((byte) v);
				break;
			case 2:
			case 12:
				b.putShort((short) v);
				break;
			case 3:
				b.putInt((int) v);
				break;
			case 4:
				b.putFloat((float) v);
				break;
			default:
				b.putDouble(v);
		}
	}
}
