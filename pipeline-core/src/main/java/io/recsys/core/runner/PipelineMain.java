package io.recsys.core.runner;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.recsys.core.chain.ChainLink;
import io.recsys.core.chain.LinkDecision;
import io.recsys.core.chain.LocalLauncher;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.LeaseHeldException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import jakarta.enterprise.inject.Instance;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;

/**
 * The entry point of every stage service.
 * <ul>
 *   <li>{@code run-once [--stage NAME] [--force] [--dry-run] [--parent-run ID] [--no-chain] [options]}: one run,
 *   then exit with the ledger's exit code (what a CronJob runs); its outcome starts the downstream
 *   stages of the edge table unless {@code --no-chain};</li>
 *   <li>{@code serve} (or no arguments): HTTP API and optional in-process schedule;</li>
 *   <li>{@code migrate}: the schema brought up to date, then exit (the chart's upgrade hook);</li>
 *   <li>service-specific commands ({@link CommandHandler}).</li>
 * </ul>
 * A configuration value that does not convert or validate stops start-up with exit 2 and the key
 * named ({@link StartupFailure}), before any run begins.
 */
@QuarkusMain
public class PipelineMain implements QuarkusApplication {
    private final StageRegistry stages;
    private final StageRunner runner;
    private final RunLedger ledger;
    private final Map<String, CommandHandler> commands = new TreeMap<>();
    private final Instance<Flyway> flyway;

    public PipelineMain(
            StageRegistry stages,
            StageRunner runner,
            RunLedger ledger,
            Instance<CommandHandler> handlers,
            Instance<Flyway> flyway) {
        this.flyway = flyway;
        this.ledger = ledger;
        this.stages = stages;
        this.runner = runner;
        for (CommandHandler h : handlers) {
            commands.put(h.name(), h);
        }
    }

    /** Quarkus' own start, with start-up failures mapped to the exit-code contract. */
    public static void main(String... args) {
        Quarkus.run(
                PipelineMain.class,
                (code, failure) -> {
                    int exit = StartupFailure.report(code, failure, System.err);
                    // read at exit, not at start: a test launcher installs its own handler
                    ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exit, failure);
                },
                args);
    }

    @Override
    public int run(String... argv) {
        List<String> args = Arrays.asList(argv);
        if (args.isEmpty() || args.get(0).equals("serve")) {
            Quarkus.waitForExit();
            return 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            if (command.equals("run-once")) {
                return runOnce(rest);
            }
            if (command.equals("migrate")) {
                return migrate(rest);
            }
            if (command.equals("help") || command.equals("--help")) {
                usage(System.out);
                return ExitCode.OK.code();
            }
            CommandHandler handler = commands.get(command);
            if (handler == null) {
                throw new InvalidInvocationException("unknown command '" + command + "'");
            }
            return handler.run(rest);
        } catch (InvalidInvocationException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            return ExitCode.BAD_INVOCATION.code();
        } catch (Exception e) {
            System.err.println("error: " + e);
            return ExitCode.INFRASTRUCTURE_ERROR.code();
        }
    }

    private int runOnce(List<String> args) throws Exception {
        Stage stage = stages.get(OptionParser.stageName(args));
        StageOptions options = OptionParser.parse(args, stage);
        ledger.requireParent(options, " (--parent-run)");
        try {
            RunOutcome outcome = runner.run(stage, Trigger.CLI, options);
            System.out.println("run " + outcome.runId() + " " + outcome.stage() + " " + outcome.status() + ": "
                    + outcome.message());
            outcome.outputs().forEach((k, v) -> System.out.println("  " + k + " = " + v));
            if (outcome.errorReport() != null) {
                System.out.println("  error report: " + outcome.errorReport());
            }
            outcome.details().forEach(d -> System.out.println("  - " + d));
            for (ChainLink link : outcome.chained()) {
                // pipeline-local starts the next process from the first form; the second is for people
                System.out.println(
                        link.decision() == LinkDecision.STARTED && LocalLauncher.LAUNCHED_AS.equals(link.launchedAs())
                                ? LocalLauncher.line(link)
                                : "chain: " + link.describe());
            }
            return outcome.exitCode().code();
        } catch (LeaseHeldException e) {
            if (e.absorbed()) {
                // a chained run that found its stage running: that run does the work
                System.out.println("run " + e.cancelledRunId() + " " + stage.name() + " CANCELLED: absorbed by run "
                        + e.holderRunId() + ", which holds the lease");
                return ExitCode.OK.code();
            }
            System.err.println("error: " + e.getMessage() + "; this attempt is run " + e.cancelledRunId());
            return ExitCode.LEASE_HELD.code();
        }
    }

    /**
     * Brings the schema up to this build's migrations and exits: what the chart's pre-install /
     * pre-upgrade hook Job runs once per release, so the pods (which start with
     * {@code quarkus.flyway.migrate-at-start=false} there) never race each other over it.
     */
    private int migrate(List<String> args) throws InvalidInvocationException {
        if (!args.isEmpty()) {
            throw new InvalidInvocationException("migrate takes no options, got " + args);
        }
        Flyway f = flyway.get();
        int applied = f.migrate().migrationsExecuted;
        var current = f.info().current();
        System.out.println("schema at version " + (current == null ? "none" : current.getVersion()) + " (" + applied
                + (applied == 1 ? " migration" : " migrations") + " applied now)");
        return ExitCode.OK.code();
    }

    private void usage(PrintStream out) {
        out.println("usage:");
        out.println(
                "  run-once [--stage NAME] [--force] [--dry-run] [--parent-run RUN_ID] [--no-chain] [stage options]");
        for (Stage s : stages.all().values()) {
            out.println("    stage " + s.name() + ":");
            for (StageOption o : s.options()) {
                out.println("      --" + o.name() + (o.flag() ? "" : " VALUE") + "  " + o.description());
            }
        }
        out.println("  serve                      HTTP API (POST/GET /api/v1/runs) and the optional schedule");
        out.println("  migrate                    bring the database schema up to date, then exit");
        for (CommandHandler h : commands.values()) {
            out.println("  " + h.name() + " " + h.usage());
        }
        out.println(
                "exit codes: 0 ok/skipped, 2 bad invocation, 3 business failure, 4 infrastructure error, 5 lease held");
    }
}
