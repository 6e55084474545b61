package io.lodestone.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * A secured broker's refusal as one line for the person at the terminal: whose credentials or which
 * permission, for what, and what to do. Not a bug, so never the internal-error exit.
 */
final class KafkaRefusals {

    private static final Pattern USERNAME = Pattern.compile("username=\"([^\"]*)\"");

    private KafkaRefusals() {}

    /**
     * The sentence for an authentication or authorization failure among {@code failure}'s causes,
     * or empty. {@code command}: what ran (e.g. {@code ingest}, {@code cases ack}); {@code
     * jaasConfig}: the client's {@code sasl.jaas.config}, where the principal's name is.
     */
    static Optional<String> describe(Throwable failure, String command, String jaasConfig) {
        String principal = principal(jaasConfig);
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return Optional.of(
                        "the broker refused the credentials of "
                                + principal
                                + " ("
                                + t.getMessage()
                                + "): check the user name and password in kafka.sasl.jaas.config"
                                + " (--config, or LODESTONE_KAFKA_SASL_JAAS_CONFIG)");
            }
            if (t instanceof TopicAuthorizationException topics) {
                return Optional.of(
                        principal
                                + " may not "
                                + needs(command)
                                + " topic(s) "
                                + String.join(", ", topics.unauthorizedTopics())
                                + ": grant it with an ACL (the README's ACL table lists what each"
                                + " principal needs), or run '"
                                + command
                                + "' as a principal that has it");
            }
            if (t instanceof GroupAuthorizationException group) {
                return Optional.of(
                        principal
                                + " may not READ consumer group "
                                + group.groupId()
                                + ": grant it with an ACL (the README's ACL table), or run '"
                                + command
                                + "' as a principal that has it");
            }
            if (t instanceof AuthorizationException) {
                return Optional.of(
                        "the broker refused "
                                + principal
                                + " ("
                                + t.getMessage()
                                + "): grant the permission with an ACL (the README's ACL table)");
            }
        }
        return Optional.empty();
    }

    /** What {@code command} does to its topics, in ACL operations. */
    private static String needs(String command) {
        if (command.equals("ingest")
                || command.startsWith("cases ") && !command.matches("cases (list|show)")) {
            return "WRITE (and DESCRIBE)";
        }
        return command.matches("cases (list|show)") ? "READ (and DESCRIBE)" : "use";
    }

    private static String principal(String jaasConfig) {
        if (jaasConfig == null) {
            return "this client (no SASL user configured)";
        }
        Matcher name = USERNAME.matcher(jaasConfig);
        return name.find() ? "the principal User:" + name.group(1) : "this client";
    }
}
