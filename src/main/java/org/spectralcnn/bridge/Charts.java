package org.spectralcnn.bridge;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Drawing for the report charts that {@code ij.gui.Plot} cannot make (bars, montages). */
public final class Charts {

	private Charts() {}

	/** A white RGB image to draw a chart on; see {@link #graphics}. */
	public static BufferedImage canvas(final int width, final int height) {
		return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
	}

	/** Antialiased graphics on the canvas, cleared to white. */
	public static Graphics2D graphics(final BufferedImage canvas) {
		final Graphics2D g = canvas.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
		return g;
	}
}
