package io.ferry.simcluster;

/**
 * The shape of a {@link SyntheticWorkload} around each VM's base level: a slow sine, seeded noise and bursts.
 *
 * @param sinePeriodSeconds mean period of the sine, in seconds (each VM draws 0.5 to 1.5 times it), &gt; 0
 * @param sineAmplitude     mean amplitude of the sine (each VM draws 0.5 to 1.5 times it), &gt;= 0
 * @param noiseAmplitude    half-width of the uniform noise, &gt;= 0
 * @param burstProbability  probability that a burst window carries a burst, in [0, 1]
 * @param burstHeight       what a burst adds, &gt;= 0
 * @param burstSeconds      length of a burst window, in seconds, &gt; 0
 */
public record WorkloadShape(double sinePeriodSeconds, double sineAmplitude, double noiseAmplitude,
        double burstProbability, double burstHeight, double burstSeconds) {

    /**
     * @throws IllegalArgumentException naming the first component out of range
     */
    public WorkloadShape {
        if (!(sinePeriodSeconds > 0)) {
            throw new IllegalArgumentException("sinePeriodSeconds = " + sinePeriodSeconds + ": must be > 0");
        }
        if (!(burstSeconds > 0)) {
            throw new IllegalArgumentException("burstSeconds = " + burstSeconds + ": must be > 0");
        }
        if (!(sineAmplitude >= 0) || !(noiseAmplitude >= 0) || !(burstHeight >= 0)) {
            throw new IllegalArgumentException("sineAmplitude, noiseAmplitude, burstHeight = " + sineAmplitude + ", "
                    + noiseAmplitude + ", " + burstHeight + ": must be >= 0");
        }
        if (!(burstProbability >= 0 && burstProbability <= 1)) {
            throw new IllegalArgumentException("burstProbability = " + burstProbability + ": must be in [0, 1]");
        }
    }
}
