package io.ferry.compare;

/**
 * A comparison refused before any run started because one of its runs cannot fit the runner's memory limit
 * ({@link ComparisonRunner#memoryLimitBytes()}). The message is one line naming the scenario, the policy, the
 * heap the run needs and the limit; it is the operator's to fix (a smaller VM, fewer concurrent migrations, or
 * more heap), not a defect.
 */
public final class ComparisonLimitException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the run, what it needs and the limit */
    public ComparisonLimitException(String message) {
        super(message);
    }
}
