package io.ferry.agent.dqn;

/**
 * A DQN model file that cannot be used: missing, unreadable, truncated or corrupt, or built for another state or
 * action layout than this agent's (a different feature or action count, or other feature names). The message is
 * one line naming the file and what is wrong with it, e.g.
 * {@code model file /x/dqn.zip expects 14 features, this agent builds 16}.
 */
public final class ModelFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return "model file SOURCE: no such file" */
    public static ModelFileException missing(String source) {
        return new ModelFileException("model file " + source + ": no such file", null);
    }

    /** @return "model file SOURCE: truncated or corrupt (WHAT)" */
    public static ModelFileException corrupt(String source, String what, Throwable cause) {
        return new ModelFileException("model file " + source + ": truncated or corrupt (" + firstLine(what) + ")",
                cause);
    }

    /** @return "model file SOURCE expects N WHAT, this agent builds M" */
    public static ModelFileException shape(String source, int has, int wanted, String what) {
        return new ModelFileException("model file " + source + " expects " + has + " " + what + ", this agent "
                + (what.equals("features") ? "builds " : "has ") + wanted, null);
    }

    /** @return "model file SOURCE: DETAIL" for any other mismatch */
    public static ModelFileException mismatch(String source, String detail) {
        return new ModelFileException("model file " + source + ": " + detail, null);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
