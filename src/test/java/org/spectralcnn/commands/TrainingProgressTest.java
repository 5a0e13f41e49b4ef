package org.spectralcnn.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spectralcnn.train.EpochRecord;

/** The status-bar line of training: short enough to be shown whole, with the Esc hint first. */
class TrainingProgressTest {

	private static EpochRecord record(final int epoch, final int epochs, final boolean improved) {
		return new EpochRecord(epoch, epochs, 0.123456, 12345.678901, 1e-3, improved, 1.5, 100);
	}

	@Test
	void guiStatusStartsWithTheEscHintAndFitsTheStatusBar() {
		final String text = TrainingProgress.statusText("Fine-tune CNN", record(123, 1000, true),
			true);
		assertTrue(text.startsWith("Esc stops"), text);
		assertTrue(text.length() <= TrainingProgress.STATUS_MAX, text.length() + ": " + text);
		assertTrue(text.contains("123/1000"), text);
		assertTrue(text.contains("12345.6789"), text);
		assertTrue(text.endsWith(" best"), text);
	}

	@Test
	void headlessStatusHasNoEscHint() {
		final String text = TrainingProgress.statusText("Train CNN", record(2, 5, false), false);
		assertFalse(text.contains("Esc"), text);
		assertEquals("Train CNN epoch 2/5 val 12345.6789", text);
	}

	@Test
	void withoutValidationSamplesTheStatusShowsTheTrainingLoss() {
		final EpochRecord r = new EpochRecord(3, 200, 0.1265, Double.NaN, 1e-3, true, 0.7, 100);
		assertEquals("Fine-tune CNN epoch 3/200 train 0.1265 best", TrainingProgress.statusText(
			"Fine-tune CNN", r, false));
	}

	@Test
	void anOverlongLabelIsCutAtTheEndNotTheHint() {
		final String text = TrainingProgress.statusText("x".repeat(200), record(1, 1, false), true);
		assertEquals(TrainingProgress.STATUS_MAX, text.length());
		assertTrue(text.startsWith("Esc stops"), text);
	}

	@Test
	void checkpointSitsBesideTheModel() {
		assertEquals(Path.of("d", "soil.interrupted.zip"), TrainingProgress.checkpointFile(Path.of(
			"d", "soil.zip")));
	}
}
