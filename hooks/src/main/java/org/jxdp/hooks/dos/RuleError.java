package org.jxdp.hooks.dos;

/**
 * A mistake in a rules file, with the line it is on (1-based).
 *
 * @param file the file's name as the user gave it
 * @param line the line
 * @param message what is wrong
 */
public record RuleError(String file, int line, String message) {
    /** The one-line form the CLI prints: {@code FILE:LINE: message}. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
