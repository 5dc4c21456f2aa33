package dev.limiter.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import com.google.common.util.concurrent.GuavaOnFakeClock;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;

/**
 * Replays one request stream against limiter's warming-up limiter and Guava's, each on
 * its own simulated clock, and draws the calls each admitted (over the last second, every
 * quarter second) as an SVG (the README's {@code docs/warmup.svg}): the picture is that
 * run, not a formula.
 *
 * <p>
 * The stream, twice, 10 s apart: after idle, a burst of 20 requests at once, then 50 per
 * second, evenly spaced, for 15 s. Both limiters: 10 permits per second once warm,
 * warm-up 5 s, cold factor 3, and a request that finds no free permit is rejected at once
 * ({@code tryAcquire()}). 50 per second is a request every 20 ms, so once warm a permit
 * (every 100 ms) is taken the moment it is free.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.limiter.benchmarks.WarmupChart docs/warmup.svg
 * }</pre>
 *
 * @author The limiter authors
 */
public final class WarmupChart {

	private static final double RATE = 10;

	private static final Duration WARMUP = Duration.ofSeconds(5);

	private static final double COLD_FACTOR = 3;

	private static final int BURST = 20;

	private static final long SPACING_MICROS = 20_000;

	private static final long PHASE_MICROS = 15_000_000;

	private static final long SECOND_START_MICROS = 25_000_000;

	private static final long END_MICROS = SECOND_START_MICROS + PHASE_MICROS;

	private static final long STEP_MICROS = 250_000;

	private WarmupChart() {
	}

	public static void main(String[] args) throws IOException {
		Path out = Path.of((args.length > 0) ? args[0] : "docs/warmup.svg");
		List<Long> arrivals = arrivals();
		ManualTimeSource time = new ManualTimeSource();
		RateLimiter ours = RateLimiter.create(RateLimiterConfig.warmingUp(RATE, WARMUP, COLD_FACTOR), time);
		long start = time.nanoTime();
		int[] oursAdmitted = replay(arrivals, (micros) -> time.advanceNanos(start + micros * 1000 - time.nanoTime()),
				ours::tryAcquire);
		GuavaOnFakeClock guava = new GuavaOnFakeClock(RATE, WARMUP.toNanos() / 1000, COLD_FACTOR);
		int[] guavaAdmitted = replay(arrivals, guava::setMicros, guava::tryAcquire);
		Files.writeString(out, svg(oursAdmitted, guavaAdmitted));
		int differ = 0;
		for (int step = 0; step < oursAdmitted.length; step++) {
			differ += (oursAdmitted[step] != guavaAdmitted[step]) ? 1 : 0;
		}
		System.out.printf(Locale.ROOT, "%s: %d requests replayed; %d of %d steps differ between limiter and Guava%n",
				out, arrivals.size(), differ, oursAdmitted.length);
	}

	/** Request moments, in microseconds: each phase a burst, then one every 20 ms. */
	private static List<Long> arrivals() {
		List<Long> arrivals = new ArrayList<>();
		for (long start : new long[] { 0, SECOND_START_MICROS }) {
			for (int i = 0; i < BURST; i++) {
				arrivals.add(start);
			}
			for (long t = start + SPACING_MICROS; t < start + PHASE_MICROS; t += SPACING_MICROS) {
				arrivals.add(t);
			}
		}
		return arrivals;
	}

	@FunctionalInterface
	private interface Clock {

		void setMicros(long micros);

	}

	/** The calls admitted in the second before each step. */
	private static int[] replay(List<Long> arrivals, Clock clock, BooleanSupplier tryAcquire) {
		List<Long> admitted = new ArrayList<>();
		for (long micros : arrivals) {
			clock.setMicros(micros);
			if (tryAcquire.getAsBoolean()) {
				admitted.add(micros);
			}
		}
		int[] perSecond = new int[(int) (END_MICROS / STEP_MICROS) + 1];
		for (int step = 0; step < perSecond.length; step++) {
			long end = step * STEP_MICROS;
			perSecond[step] = (int) admitted.stream().filter((t) -> t <= end && t > end - 1_000_000).count();
		}
		return perSecond;
	}

	private static String svg(int[] ours, int[] guava) {
		int width = 760;
		int height = 330;
		int left = 60;
		int right = width - 20;
		int top = 50;
		int bottom = height - 50;
		double maxRate = 12;
		double seconds = END_MICROS / 1e6;
		StringBuilder svg = new StringBuilder();
		svg.append(
				String.format(Locale.ROOT,
						"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
								+ "font-family=\"system-ui, sans-serif\" font-size=\"12\">%n",
						width, height, width, height));
		svg.append("<title>Calls admitted per second from cold, limiter and Guava, one request stream</title>\n");
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
		for (int rate = 0; rate <= maxRate; rate += 2) {
			double y = bottom - (bottom - top) * rate / maxRate;
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e8\"/>"
							+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5a5a60\">%d</text>%n",
					left, y, right, y, left - 6, y + 4, rate));
		}
		for (int s = 0; s <= seconds; s += 5) {
			double x = left + (right - left) * s / seconds;
			svg.append(String.format(Locale.ROOT,
					"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#5a5a60\">%d</text>%n", x, bottom + 16,
					s));
		}
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#5a5a60\">seconds</text>%n", (left + right) / 2,
				bottom + 34));
		svg.append(String.format(Locale.ROOT,
				"<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\" fill=\"#5a5a60\">"
						+ "calls per second</text>%n",
				(top + bottom) / 2));
		double yStable = bottom - (bottom - top) * RATE / maxRate;
		svg.append(demand(left, right, bottom, seconds));
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000000\" stroke-dasharray=\"2 3\"/>%n",
				left, yStable, right, yStable));
		svg.append(series(guava, left, right, top, bottom, maxRate, "#D55E00", "7 4", 4));
		svg.append(series(ours, left, right, top, bottom, maxRate, "#0072B2", "", 2));
		String[][] legend = { { "#0072B2", "", "limiter" }, { "#D55E00", "7 4", "Guava" },
				{ "#000000", "2 3", "stable rate 10/s" }, { "#56B4E9", "", "demand: a burst of 20, then 50/s" } };
		int x = left;
		for (String[] entry : legend) {
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"22\" stroke=\"%s\" stroke-width=\"3\" "
							+ "stroke-dasharray=\"%s\"/><text x=\"%d\" y=\"26\" fill=\"#1d1d1f\">%s</text>%n",
					x, x + 20, entry[0], entry[1], x + 26, entry[2]));
			x += 26 + entry[2].length() * 6 + 24;
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	/** Shades the two phases of demand (50/s, off the scale). */
	private static String demand(int left, int right, int bottom, double seconds) {
		StringBuilder shade = new StringBuilder();
		for (long start : new long[] { 0, SECOND_START_MICROS }) {
			double x0 = left + (right - left) * (start / 1e6) / seconds;
			double x1 = left + (right - left) * ((start + PHASE_MICROS) / 1e6) / seconds;
			shade.append(String.format(Locale.ROOT,
					"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"6\" fill=\"#56B4E9\"/>%n", x0, bottom - 6,
					x1 - x0));
		}
		return shade.toString();
	}

	private static String series(int[] counts, int left, int right, int top, int bottom, double maxRate, String color,
			String dash, double width) {
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < counts.length; i++) {
			double x = left + (right - left) * (double) i / (counts.length - 1);
			double y = bottom - (bottom - top) * counts[i] / maxRate;
			points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
		}
		return String.format(Locale.ROOT,
				"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" stroke-dasharray=\"%s\" points=\"%s\"/>%n",
				color, width, dash, points.toString().trim());
	}

}
