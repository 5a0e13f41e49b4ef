package org.spectralcnn.spark;

public final class SparkMain {
	public static void main(final String[] args) {}
}
