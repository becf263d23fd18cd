package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jxdp} launcher script (the README's first command), run by {@code sh} over a copy
 * of the project's layout in which {@code mvnw} and {@code java} are scripts that write down how
 * they were called: when it builds, which class-data archive it makes and passes, and the
 * arguments it hands on.
 */
class LauncherTest {
    private static final Path SCRIPT = Path.of("..", "jxdp").toAbsolutePath().normalize();
    private static final String[] MODULES = {"engine", "hooks", "capture", "metrics", "cli"};
    private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant BUILT = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant NEW = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path root;
    private Path log;
    private Path jar;
    private Path javaHome;

    @BeforeEach
    void layout() throws IOException {
        log = root.resolve("calls.log");
        Files.copy(SCRIPT, root.resolve("jxdp"));
        for (String m : MODULES) {
            Path src = Files.createDirectories(root.resolve(m).resolve("src/main/java/org/jxdp"));
            touch(src.resolve("Some.java"), OLD);
            touch(root.resolve(m).resolve("pom.xml"), OLD);
        }
        touch(root.resolve("pom.xml"), OLD);
        touch(Files.createDirectories(root.resolve("pcaps")).resolve("mix.pcap"), OLD);
        jar = Files.createDirectories(root.resolve("cli/target")).resolve("jxdp.jar");
        touch(jar, BUILT);
        // the build: notes its arguments and makes the jar newer than every source
        script(root.resolve("mvnw"), "echo \"mvnw $*\" >> '" + log + "'\n"
                + "touch '" + jar + "'\n");
        // the JVM: dumps a class list or an archive when asked, else notes how it was started
        javaHome = root.resolve("jdk");
        script(Files.createDirectories(javaHome.resolve("bin")).resolve("java"), """
                for a in "$@"; do
                  case "$a" in
                    -XX:DumpLoadedClassList=*) : > "${a#*=}" ;;
                    -XX:SharedArchiveFile=*) archive="${a#*=}" ;;
                    -Xshare:dump) dump=1 ;;
                  esac
                done
                if [ -n "$dump" ]; then : > "$archive"; echo "java dump" >> '%s'; exit 0; fi
                echo "java $*" >> '%s'
                """.formatted(log, log));
    }

    @Test
    void anUpToDateJarRunsWithoutABuildAndMakesItsArchiveOnce() throws Exception {
        assertThat(launch(List.of("replay", "in.pcap", "--workers", "1"), Map.of())).isZero();
        Path archive = archive();
        assertThat(archive).exists();
        assertThat(calls()).containsExactly(
                "java -XX:DumpLoadedClassList=" + archiveArg() + "." + pidOf(calls().get(0)) + ".classlist -jar "
                        + jarArg() + " replay",
                "java dump",
                "java -XX:SharedArchiveFile=" + archiveArg() + " -jar " + jarArg() + " replay in.pcap --workers 1");

        Files.delete(log);
        assertThat(launch(List.of("--version"), Map.of())).isZero();
        assertThat(calls()).containsExactly("java -XX:SharedArchiveFile=" + archiveArg() + " -jar " + jarArg()
                + " --version");
    }

    @Test
    void aSourceNewerThanTheJarIsBuiltFirst() throws Exception {
        touch(root.resolve("capture/src/main/java/org/jxdp/Some.java"), NEW);
        assertThat(launch(List.of("--version"), Map.of("JXDP_CDS", "0"))).isZero();
        assertThat(calls()).containsExactly(
                "mvnw -q -B -DskipTests -Dmaven.javadoc.skip=true -pl cli -am package",
                "java -jar " + jarArg() + " --version");
    }

    @Test
    void aNewerPomOrSampleCaptureIsBuiltFirst() throws Exception {
        for (Path changed : new Path[] {root.resolve("metrics/pom.xml"), root.resolve("pom.xml"),
                root.resolve("pcaps/mix.pcap")}) {
            touch(jar, BUILT);
            touch(changed, NEW);
            Files.deleteIfExists(log);
            assertThat(launch(List.of("--version"), Map.of("JXDP_CDS", "0"))).isZero();
            assertThat(calls()).as(changed.toString()).hasSize(2).first().asString().startsWith("mvnw ");
            touch(changed, OLD);
        }
    }

    @Test
    void startedFromAnotherDirectoryItFindsItsJar() throws Exception {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        assertThat(launch(elsewhere, List.of("--version"), Map.of("JXDP_CDS", "0"))).isZero();
        assertThat(calls()).containsExactly("java -jar " + root.resolve("cli/target/jxdp.jar") + " --version");
    }

    @Test
    void withoutArchivesAndWithJavaOptionsTheJvmGetsJustThose() throws Exception {
        assertThat(launch(List.of("gen", "--help"), Map.of("JXDP_CDS", "0", "JXDP_JAVA_OPTS", "-Xmx1g -Xss2m")))
                .isZero();
        assertThat(calls()).containsExactly("java -Xmx1g -Xss2m -jar " + jarArg() + " gen --help");
        assertThat(root.resolve("cli/target/cds")).doesNotExist();
    }

    // ---------------------------------------------------------------- helpers

    /** The archive the launcher should use for the fake JVM: named by its real path. */
    private Path archive() throws IOException {
        Path real = javaHome.resolve("bin/java").toRealPath();
        return Path.of(root.resolve("cli/target/cds") + real.toString() + ".jsa");
    }

    /** The archive as the launcher spells it, started as {@code ./jxdp} from the project's root. */
    private String archiveArg() throws IOException {
        return "./cli/target/cds" + javaHome.resolve("bin/java").toRealPath() + ".jsa";
    }

    private static String jarArg() {
        return "./cli/target/jxdp.jar";
    }

    private static String pidOf(String dumpCall) {
        String s = dumpCall.substring(0, dumpCall.indexOf(".classlist"));
        return s.substring(s.lastIndexOf('.') + 1);
    }

    private int launch(List<String> args, Map<String, String> env) throws Exception {
        return launch(root, args, env);
    }

    private int launch(Path cwd, List<String> args, Map<String, String> env) throws Exception {
        String self = cwd.equals(root) ? "./jxdp" : root.resolve("jxdp").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", self));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("JXDP_CDS");
        pb.environment().remove("JXDP_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return p.exitValue();
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static void touch(Path file, Instant when) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
