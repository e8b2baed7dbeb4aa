package io.ferry.compare;

/**
 * A scenario file that cannot be read or is not a valid scenario. The message is always one line naming the
 * file, the parameter's JSON path, the rejected value and what is accepted, for example
 * {@code web.json: link.bandwidthGbps = -1: must be > 0}, so a command line can print it as is.
 */
public final class ScenarioFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message the one-line message; line breaks in it are replaced by spaces */
    public ScenarioFileException(String message) {
        super(oneLine(message));
    }

    /**
     * @param message the one-line message; line breaks in it are replaced by spaces
     * @param cause   the parser's or the engine's exception
     */
    public ScenarioFileException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
