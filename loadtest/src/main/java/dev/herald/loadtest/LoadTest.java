package dev.herald.loadtest;

import dev.herald.loadtest.cli.Options;
import dev.herald.loadtest.cli.OptionsParser;
import dev.herald.loadtest.report.BenchReport;
import dev.herald.loadtest.report.ClusterReport;
import dev.herald.loadtest.report.ConsoleReport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Entry point: {@code run} (the default) drives one scenario; {@code report} renders a results directory,
 * {@code report-cluster} the runs of bench-cluster.sh.
 */
public final class LoadTest {

    private LoadTest() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")
                || args[0].equals("help")) {
            out.print(helpText());
            return Verdict.OK;
        }
        try {
            if (args[0].equals("report")) {
                return BenchReport.run(Arrays.copyOfRange(args, 1, args.length), out);
            }
            if (args[0].equals("report-cluster")) {
                return ClusterReport.run(Arrays.copyOfRange(args, 1, args.length), out);
            }
            String[] runArgs = args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length) : args;
            Options options = OptionsParser.parse(runArgs);
            JsonObject report = LoadRun.execute(options, err);
            int exitCode = Verdict.exitCode(report);
            report.put("exitCode", exitCode).put("build", options.build()).put("repeat", options.repeat());
            ConsoleReport.print(report, out);
            if (options.json() != null) {
                if (options.json().toAbsolutePath().getParent() != null) {
                    Files.createDirectories(options.json().toAbsolutePath().getParent());
                }
                Files.writeString(options.json(), report.encodePrettily());
            }
            return exitCode;
        } catch (IllegalArgumentException e) {
            err.println("herald-loadtest: " + e.getMessage());
            return Verdict.USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("herald-loadtest: run failed: " + e);
            return Verdict.USAGE;
        }
    }

    static String helpText() {
        try (InputStream help = LoadTest.class.getResourceAsStream("/help.txt")) {
            return new String(help.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return "herald-loadtest: help text missing from the jar\n";
        }
    }
}
