package org.spectralcnn.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Starts ND4J's native CPU backend. Inside ImageJ the plugin's classes come from a plugin class
 * loader that ND4J's service lookup does not search, so the backend is started with that loader
 * as the thread's context class loader (a known failure of ND4J in ImageJ otherwise).
 */
public final class Backend {

	private static volatile boolean started;

	private static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

	private Backend() {}

	/** Loads the backend once; cheap afterwards. */
	public static void ensureStarted() {
		if (started) return;
		synchronized (Backend.class) {
			if (started) return;
			// JavaCPP checks the process's resident size (a read of /proc/self/statm, a system call)
			// on every native allocation when a limit is set, and ND4J allocates shape buffers for
			// almost every op: about 350 reads per training mini-batch of the fast 1-D network. The
			// limit (twice the Java heap by default) only makes JavaCPP call System.gc() near it;
			// its limit on the bytes it allocates itself (maxBytes) stays. Only when nobody set it,
			// and only if JavaCPP has not started yet (it reads the property once, when it starts:
			// the property is removed again right after, so that inside Fiji no other plugin sees
			// a setting it did not make).
			final boolean setLimit = System.getProperty(MAX_PHYSICAL_BYTES) == null;
			if (setLimit) System.setProperty(MAX_PHYSICAL_BYTES, "0");
			final Thread thread = Thread.currentThread();
			final ClassLoader before = thread.getContextClassLoader();
			thread.setContextClassLoader(Backend.class.getClassLoader());
			try {
				Nd4j.create(1);
			}
			finally {
				thread.setContextClassLoader(before);
				if (setLimit) System.clearProperty(MAX_PHYSICAL_BYTES);
			}
			started = true;
		}
	}

	/** Facts for a bug report: backend, BLAS, threads, CPU features in use. */
	public static Map<String, String> describe() {
		ensureStarted();
		final Map<String, String> facts = new LinkedHashMap<>();
		final Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
		facts.put("ND4J backend", Nd4j.getBackend().getClass().getSimpleName() + " (" + env.get(
			"backend") + ")");
		final String natives = nativeVariant();
		facts.put("ND4J natives", natives);
		final NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
		facts.put("CPU features", "natives built for " + simdLevel(ops.binaryLevel()) +
			", CPU supports " + simdLevel(ops.optimalLevel()) + (ops.isMinimalRequirementsMet() ? ""
				: " (too little for these natives: use a build for an older CPU)") + (natives.contains(
					"onednn") ? "; convolutions and batch norm on oneDNN" : ""));
		facts.put("BLAS", env.get("blas.vendor") + ", " + env.get("blas.threads") + " threads");
		facts.put("OpenMP threads", String.valueOf(env.get("omp.threads")));
		facts.put("data type", Nd4j.dataType().toString());
		return facts;
	}

	/** libnd4j's instruction-set levels: 1 x86-64, 2 AVX2, 3 AVX-512 (0: none of these). */
	private static String simdLevel(final int level) {
		return switch (level) {
			case 1 -> "x86-64";
			case 2 -> "AVX2";
			case 3 -> "AVX-512";
			default -> "level " + level;
		};
	}

	/** Which native build JavaCPP loaded, e.g. {@code linux-x86_64-onednn-avx2}. */
	private static String nativeVariant() {
		final String platform = org.bytedeco.javacpp.Loader.getPlatform();
		for (final String ext : new String[] { "-onednn-avx512", "-onednn-avx2", "-onednn",
			"-avx512", "-avx2", "" })
		{
			final String resource = "/org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + ext +
				"/libjnind4jcpu." + (platform.startsWith("windows") ? "dll" : platform.startsWith(
					"macosx") ? "dylib" : "so");
			if (Backend.class.getResource(resource) != null) return platform + ext;
		}
		return platform + " (native library not found on the class path)";
	}
}
