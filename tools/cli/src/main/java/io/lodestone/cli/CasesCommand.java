package io.lodestone.cli;

import io.lodestone.avro.Case;
import io.lodestone.avro.CaseDecision;
import io.lodestone.avro.CaseHistoryEntry;
import io.lodestone.avro.CaseStatus;
import io.lodestone.cases.CaseDecisions;
import io.lodestone.cases.CaseFile;
import io.lodestone.cases.DecisionPublisher;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Lists, shows and decides cases against any cluster: reads the cases topic, publishes to the
 * case-decisions topic.
 */
@Command(
        name = "cases",
        mixinStandardHelpOptions = true,
        description = {
            "The investigations Lodestone groups alerts into (see the README's alert catalogue for"
                    + " the grouping).",
            "Reads the cases topic and publishes analysts' decisions to the case-decisions topic of"
                    + " the configured cluster; the running app applies a decision within a second"
                    + " or two."
        },
        subcommands = {
            CasesCommand.ListCases.class,
            CasesCommand.Show.class,
            CasesCommand.Ack.class,
            CasesCommand.Suppress.class,
            CasesCommand.Close.class,
            CasesCommand.Reopen.class
        })
public final class CasesCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The newest record of every case on the topic. */
    public static Map<String, Case> read(LodestoneConfig config) {
        Map<String, Case> cases = new TreeMap<>();
        for (ConsumerRecord<String, Case> r :
                OutputReader.readAll(
                        config,
                        config.topics().cases(),
                        new StringDeserializer(),
                        RegistrySerdes.<Case>valueSerde(config.schemaRegistry()).deserializer())) {
            if (r.value() != null) {
                cases.put(r.key(), r.value());
            }
        }
        return cases;
    }

    /** One line per case, most severe and most recent first. */
    public static void printTable(List<Case> cases, PrintStream out) {
        out.printf(
                "  %-9s %-13s %-12s %6s %10s  %-23s %s%n",
                "severity", "status", "family", "alerts", "tonnes", "period", "case");
        cases.stream()
                .sorted(CaseFile.MOST_URGENT_FIRST)
                .forEach(
                        c ->
                                out.printf(
                                        Locale.ROOT,
                                        "  %-9s %-13s %-12s %,6d %10s  %-23s %s%n",
                                        CaseFile.severity(c),
                                        c.getStatus(),
                                        c.getFamily(),
                                        c.getAlertCount(),
                                        c.getNetWeightKg() > 0
                                                ? String.format(
                                                        Locale.ROOT,
                                                        "%,.1f",
                                                        c.getNetWeightKg() / 1000)
                                                : "·",
                                        day(c.getFirstEventTime())
                                                + ".."
                                                + day(c.getLastEventTime()),
                                        c.getCaseId()));
    }

    private static String day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List cases (default: those not CLOSED), most severe first.")
    static final class ListCases implements Callable<Integer> {
        @Mixin ConfigOptions config;

        @Option(
                names = "--status",
                paramLabel = "STATUS",
                description =
                        "Only cases in this status: OPEN, ACKNOWLEDGED, SUPPRESSED or CLOSED.")
        CaseStatus status;

        @Option(
                names = "--family",
                paramLabel = "FAMILY",
                description = "Only this family: LICENCE, TRANSSHIPMENT, REROUTING or VOLUME.")
        String family;

        @Option(names = "--all", description = "Closed cases too.")
        boolean all;

        @Override
        public Integer call() {
            List<Case> cases =
                    read(config.load()).values().stream()
                            .filter(
                                    c ->
                                            status != null
                                                    ? c.getStatus() == status
                                                    : all || c.getStatus() != CaseStatus.CLOSED)
                            .filter(c -> family == null || c.getFamily().equalsIgnoreCase(family))
                            .toList();
            printTable(cases, System.out);
            System.out.println("  " + cases.size() + " case(s)");
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show one case: its summary, figures, latest alerts and decisions.")
    static final class Show implements Callable<Integer> {
        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "CASE_ID", description = "The caseId, as 'cases list' prints it.")
        String caseId;

        @Override
        public Integer call() {
            Case c = existing(config.load(), caseId);
            System.out.println(c.getCaseId());
            System.out.println("  " + c.getSummary());
            System.out.printf(
                    Locale.ROOT,
                    "  status %s, severity %s, %d alerts %s, %.1f t, USD %,.0f, %s..%s%n",
                    c.getStatus(),
                    CaseFile.severity(c),
                    c.getAlertCount(),
                    c.getAlertCountByType(),
                    c.getNetWeightKg() / 1000,
                    c.getValueUsd(),
                    day(c.getFirstEventTime()),
                    day(c.getLastEventTime()));
            if (c.getSuppressedUntil() != null) {
                System.out.println("  suppressed until " + c.getSuppressedUntil());
            }
            System.out.println("  latest alerts: " + String.join(", ", c.getLatestAlertIds()));
            System.out.println(
                    "  latest shipments: " + String.join(", ", c.getLatestShipmentIds()));
            for (CaseHistoryEntry d : c.getDecisions()) {
                System.out.println(
                        "  "
                                + d.getDecidedAt()
                                + " "
                                + d.getAction()
                                + " by "
                                + d.getDecidedBy()
                                + (d.getSuppressUntil() != null
                                        ? " until " + d.getSuppressUntil()
                                        : "")
                                + (d.getReason() != null ? ": " + d.getReason() : ""));
            }
            return 0;
        }
    }

    private static Case existing(LodestoneConfig config, String caseId) {
        Case c = read(config).get(caseId);
        if (c == null) {
            throw new UserFacingException(
                    "no case "
                            + caseId
                            + " on "
                            + config.topics().cases()
                            + "; 'lodestone cases list --all' lists them");
        }
        return c;
    }

    /** What every decision command shares: the case, who decides, publishing. */
    abstract static class Decide implements Callable<Integer> {
        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "CASE_ID", description = "The caseId, as 'cases list' prints it.")
        String caseId;

        @Option(
                names = "--by",
                required = true,
                paramLabel = "NAME",
                description = "Who decides (a user name or e-mail address).")
        String decidedBy;

        abstract String action();

        String reason() {
            return null;
        }

        String until() {
            return null;
        }

        @Override
        public Integer call() {
            LodestoneConfig cfg = config.load();
            existing(cfg, caseId);
            CaseDecision decision;
            try {
                decision =
                        CaseDecisions.of(
                                caseId, action(), decidedBy, reason(), until(), Instant.now());
            } catch (CaseDecisions.BadDecisionException e) {
                throw new UserFacingException(e.getMessage());
            }
            try (DecisionPublisher publisher =
                    new DecisionPublisher(
                            cfg.kafkaClient(ProducerConfig.configNames()),
                            cfg.topics().caseDecisions(),
                            cfg.schemaRegistry())) {
                publisher.publish(decision);
            }
            System.out.println(
                    decision.getAction()
                            + " "
                            + caseId
                            + " published (decision "
                            + decision.getDecisionId()
                            + "); 'lodestone cases show' shows it once the app has applied it");
            return 0;
        }
    }

    @Command(
            name = "ack",
            mixinStandardHelpOptions = true,
            description = "Acknowledge a case: someone is on it.")
    static final class Ack extends Decide {
        @Override
        String action() {
            return "ACKNOWLEDGE";
        }
    }

    @Command(
            name = "suppress",
            mixinStandardHelpOptions = true,
            description =
                    "Suppress a case until a date: it reopens on a more severe alert, or on any"
                            + " alert after that date.")
    static final class Suppress extends Decide {
        @Option(
                names = "--until",
                required = true,
                paramLabel = "DATE",
                description = "The end of the suppression: 2025-03-31 or an instant.")
        String until;

        @Option(
                names = "--reason",
                required = true,
                paramLabel = "TEXT",
                description = "Why, in a sentence.")
        String reason;

        @Override
        String action() {
            return "SUPPRESS";
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        String until() {
            return until;
        }
    }

    @Command(
            name = "close",
            mixinStandardHelpOptions = true,
            description = "Close a case: a new alert reopens it.")
    static final class Close extends Decide {
        @Option(
                names = "--reason",
                required = true,
                paramLabel = "TEXT",
                description = "Why, in a sentence.")
        String reason;

        @Override
        String action() {
            return "CLOSE";
        }

        @Override
        String reason() {
            return reason;
        }
    }

    @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Reopen a case.")
    static final class Reopen extends Decide {
        @Override
        String action() {
            return "REOPEN";
        }
    }
}
