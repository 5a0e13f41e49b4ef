package org.spectralcnn.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a model file keeps so that every prediction comes with an interval and an out-of-domain
 * flag: per target the conformity scores of calibration samples the model did not fit
 * ({@link ConformalScores}; for a CNN with dropout also the normalised scores of Monte Carlo
 * conformal prediction and the passes they were computed with), and the PCA model of the
 * calibration spectra ({@link DomainModel}). Stored as the manifest's {@code calibration} object
 * (versioned; a file without it, written before intervals existed, still loads and predicts
 * without intervals) and float64 entries under {@code calibration/}.
 */
public final class Calibration {

	/** The manifest key. */
	public static final String KEY = "calibration";
	public static final int VERSION = 1;
	private static final String PREFIX = "calibration/";

	/**
	 * One target's scores, per member of the model: a single model has one member; an ensemble
	 * whose members each held out another fold has one list per member, each holding the scores
	 * of the samples that member did not fit (intervals pool them, {@link Intervals}).
	 *
	 * @param splitByMember |y − ŷ| of the calibration samples
	 * @param monteCarloByMember |y − μ| / (σ + β) of the Monte Carlo passes, or null
	 * @param mcOffset β, the median σ of the calibration samples: keeps a sample whose passes
	 *          happen to agree from getting a near-zero interval (locally weighted conformal
	 *          prediction, Papadopoulos et al. 2008; on NIRsoil it narrowed the mean width by 6–17 %
	 *          against β = 0 at the same coverage)
	 */
	public record Target(String name, List<ConformalScores> splitByMember,
		List<ConformalScores> monteCarloByMember, double mcOffset)
	{

		public Target {
			splitByMember = List.copyOf(splitByMember);
			if (monteCarloByMember != null) {
				monteCarloByMember = List.copyOf(monteCarloByMember);
				if (monteCarloByMember.size() != splitByMember.size()) throw new IllegalArgumentException(
					monteCarloByMember.size() + " members' Monte Carlo scores for " + splitByMember
						.size() + " members' residuals");
			}
		}

		/** A single model's scores. */
		public Target(final String name, final ConformalScores split,
			final ConformalScores monteCarlo, final double mcOffset)
		{
			this(name, List.of(split), monteCarlo == null ? null : List.of(monteCarlo), mcOffset);
		}

		/** All members' residuals together. */
		public ConformalScores split() {
			return ConformalScores.pooled(splitByMember);
		}

		/** All members' Monte Carlo scores together, or null. */
		public ConformalScores monteCarlo() {
			return monteCarloByMember == null ? null : ConformalScores.pooled(monteCarloByMember);
		}

		public int members() {
			return splitByMember.size();
		}
	}

	private final String residuals;
	private final List<Target> targets;
	private final int mcPasses;
	private final long mcSeed;
	private final DomainModel domain;

	/**
	 * @param residuals where the calibration residuals come from, in words (for the manifest)
	 * @param mcPasses passes the Monte Carlo scores were computed with (0: none)
	 * @param domain the out-of-domain model, or null
	 */
	public Calibration(final String residuals, final List<Target> targets, final int mcPasses,
		final long mcSeed, final DomainModel domain)
	{
		this.residuals = residuals;
		this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
		this.mcPasses = mcPasses;
		this.mcSeed = mcSeed;
		this.domain = domain;
	}

	public String residuals() {
		return residuals;
	}

	public List<Target> targets() {
		return targets;
	}

	/** The target with this name. */
	public Target target(final String name) {
		for (final Target t : targets)
			if (t.name().equals(name)) return t;
		throw new IllegalArgumentException("the calibration has no target '" + name + "'");
	}

	public int mcPasses() {
		return mcPasses;
	}

	public long mcSeed() {
		return mcSeed;
	}

	/** Whether every target has Monte Carlo conformal scores. */
	public boolean hasMonteCarlo() {
		for (final Target t : targets)
			if (t.monteCarloByMember() == null) return false;
		return !targets.isEmpty();
	}

	/** The out-of-domain model, or null. */
	public DomainModel domain() {
		return domain;
	}

	/** A copy of {@code manifest} describing this calibration in place of any it had. */
	public JsonObject manifestWith(final JsonObject manifest) {
		final JsonObject m = manifest.deepCopy();
		m.remove(KEY);
		write(m, new java.util.LinkedHashMap<>());
		return m;
	}

	/** Adds the manifest object ({@value #KEY}) to {@code manifest} and the arrays to entries. */
	public void write(final JsonObject manifest, final Map<String, byte[]> entries) {
		final JsonObject o = new JsonObject();
		o.addProperty("version", VERSION);
		o.addProperty("residuals", residuals);
		o.addProperty("mc_passes", mcPasses);
		o.addProperty("mc_seed", mcSeed);
		final JsonArray list = new JsonArray();
		for (int t = 0; t < targets.size(); t++) {
			final Target target = targets.get(t);
			final JsonObject e = new JsonObject();
			e.addProperty("name", target.name());
			e.addProperty("samples", target.split().size());
			final String split = PREFIX + t + "/split_scores.f64";
			entries.put(split, Float64Entries.bytes(target.split().sorted()));
			e.addProperty("split_scores", split);
			if (target.monteCarloByMember() != null) {
				final String mc = PREFIX + t + "/mc_scores.f64";
				entries.put(mc, Float64Entries.bytes(target.monteCarlo().sorted()));
				e.addProperty("mc_samples", target.monteCarlo().size());
				e.addProperty("mc_scores", mc);
				e.addProperty("mc_offset", target.mcOffset());
			}
			// an ensemble also keeps which member left out which samples (the pooled lists above
			// are what a single model, and a reader without members, uses)
			if (target.members() > 1) {
				final JsonArray members = new JsonArray();
				for (int k = 0; k < target.members(); k++) {
					final JsonObject m = new JsonObject();
					final String ms = PREFIX + t + "/member" + k + "_split_scores.f64";
					entries.put(ms, Float64Entries.bytes(target.splitByMember().get(k).sorted()));
					m.addProperty("samples", target.splitByMember().get(k).size());
					m.addProperty("split_scores", ms);
					if (target.monteCarloByMember() != null) {
						final String mm = PREFIX + t + "/member" + k + "_mc_scores.f64";
						entries.put(mm, Float64Entries.bytes(target.monteCarloByMember().get(k).sorted()));
						m.addProperty("mc_samples", target.monteCarloByMember().get(k).size());
						m.addProperty("mc_scores", mm);
					}
					members.add(m);
				}
				e.add("members", members);
			}
			list.add(e);
		}
		o.add("targets", list);
		if (domain != null) o.add("domain", domain.toJson(PREFIX + "domain/", entries));
		manifest.add(KEY, o);
	}

	/**
	 * The calibration a model file holds, or null when it has none (older files).
	 *
	 * @param targetNames the model's targets, in order: the calibration must name the same
	 * @throws ModelFileException naming what is missing or inconsistent
	 */
	public static Calibration read(final ModelArchive archive, final List<String> targetNames)
		throws ModelFileException
	{
		final JsonObject m = archive.manifest();
		if (!m.has(KEY)) return null;
		try {
			final JsonObject o = m.getAsJsonObject(KEY);
			final int version = o.get("version").getAsInt();
			if (version < 1 || version > VERSION) throw new ModelFileException(archive.file(), KEY +
				" version " + version + ": this Spectral CNN reads version " + VERSION +
				"; update the plugin");
			final List<Target> targets = new ArrayList<>();
			for (final JsonElement e : o.getAsJsonArray("targets")) {
				final JsonObject t = e.getAsJsonObject();
				final ConformalScores split = ConformalScores.of(Float64Entries.array(archive, t.get(
					"split_scores").getAsString(), t.get("samples").getAsInt()));
				final ConformalScores mc = t.has("mc_scores") ? ConformalScores.of(Float64Entries.array(
					archive, t.get("mc_scores").getAsString(), t.get("mc_samples").getAsInt())) : null;
				final double offset = mc == null ? 0 : t.get("mc_offset").getAsDouble();
				if (!(offset >= 0) || Double.isInfinite(offset)) throw new IllegalArgumentException(
					"mc_offset " + offset);
				if (!t.has("members")) {
					targets.add(new Target(t.get("name").getAsString(), split, mc, offset));
					continue;
				}
				final List<ConformalScores> splits = new ArrayList<>(), mcs = new ArrayList<>();
				for (final JsonElement me : t.getAsJsonArray("members")) {
					final JsonObject member = me.getAsJsonObject();
					splits.add(ConformalScores.of(Float64Entries.array(archive, member.get(
						"split_scores").getAsString(), member.get("samples").getAsInt())));
					if (mc != null) mcs.add(ConformalScores.of(Float64Entries.array(archive, member.get(
						"mc_scores").getAsString(), member.get("mc_samples").getAsInt())));
				}
				final Target target = new Target(t.get("name").getAsString(), splits, mc == null ? null
					: mcs, offset);
				if (target.split().size() != split.size() || mc != null && target.monteCarlo()
					.size() != mc.size()) throw new IllegalArgumentException("the members of target '" +
						target.name() + "' do not hold the target's " + split.size() + " scores");
				targets.add(target);
			}
			final List<String> names = targets.stream().map(Target::name).toList();
			if (!names.equals(targetNames)) throw new ModelFileException(archive.file(), KEY +
				" names targets " + names + ", the model predicts " + targetNames);
			final DomainModel domain = o.has("domain") ? DomainModel.fromJson(o.getAsJsonObject(
				"domain"), archive) : null;
			return new Calibration(o.get("residuals").getAsString(), targets, o.get("mc_passes")
				.getAsInt(), o.get("mc_seed").getAsLong(), domain);
		}
		catch (final RuntimeException e) {
			throw new ModelFileException(archive.file(), ModelArchive.MANIFEST + ": '" + KEY +
				"' is incomplete or invalid: " + e.getMessage(), e);
		}
	}
}
