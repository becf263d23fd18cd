package org.jxdp.cli;

/**
 * A failure to report in one line, without a stack trace: a refused program, a file that cannot
 * be read, an engine that does not exist. Exit status 1.
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message, null, false, false);
    }
}
