/**
 * The {@code jxdp} command line (picocli): one class per subcommand. Commands turn failures into
 * one-line messages and exit statuses (0 success, 1 failure, 2 bad usage); the work itself lives
 * in the engine and the other modules.
 */
package org.jxdp.cli;
