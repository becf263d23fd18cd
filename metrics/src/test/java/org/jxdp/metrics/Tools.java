package org.jxdp.metrics;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

/** Skips a test whose external tool is missing, unless JXDP_REQUIRE_TOOLS=1 (CI), where it fails instead. */
public final class Tools {
    private Tools() {
    }

    /** The tool's path; skips (or fails) when it is not on the PATH. */
    public static String require(String tool, String install) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, tool);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        String why = tool + " is not installed (" + install + ")";
        if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
            fail(why + " and JXDP_REQUIRE_TOOLS=1");
        }
        assumeTrue(false, why);
        return null;
    }
}
