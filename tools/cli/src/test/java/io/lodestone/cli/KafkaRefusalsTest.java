package io.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.declarations.IngestFailedException;
import java.util.Set;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaRefusalsTest {

    private static final String INGEST_USER =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"lodestone-ingest\" password=\"secret\";";

    @Test
    void aMissingAclNamesThePrincipalThePermissionAndTheTopic() {
        Exception refused =
                new IngestFailedException(
                        "Kafka refused records from f.jsonl after 0 were published",
                        new TopicAuthorizationException(Set.of("lodestone.alerts")));

        assertThat(KafkaRefusals.describe(refused, "ingest", INGEST_USER))
                .contains(
                        "the principal User:lodestone-ingest may not WRITE (and DESCRIBE) topic(s)"
                                + " lodestone.alerts: grant it with an ACL (the README's ACL table"
                                + " lists what each principal needs), or run 'ingest' as a"
                                + " principal that has it");
        assertThat(
                        KafkaRefusals.describe(
                                new TopicAuthorizationException(Set.of("lodestone.cases")),
                                "cases list",
                                INGEST_USER))
                .hasValueSatisfying(
                        line -> assertThat(line).contains("may not READ (and DESCRIBE)"));
        assertThat(
                        KafkaRefusals.describe(
                                new GroupAuthorizationException("no", "lodestone-cli"),
                                "cases list",
                                null))
                .contains(
                        "this client (no SASL user configured) may not READ consumer group"
                            + " lodestone-cli: grant it with an ACL (the README's ACL table), or"
                            + " run 'cases list' as a principal that has it");
    }

    @Test
    void aWrongPasswordSaysTheCredentialsWereRefusedNotThatServersAreDown() {
        Exception refused =
                new IngestFailedException(
                        "cannot publish line 1 of f.jsonl",
                        new SaslAuthenticationException(
                                "Authentication failed during authentication due to invalid"
                                        + " credentials with SASL mechanism SCRAM-SHA-512"));

        assertThat(KafkaRefusals.describe(refused, "ingest", INGEST_USER))
                .contains(
                        "the broker refused the credentials of the principal User:lodestone-ingest"
                                + " (Authentication failed during authentication due to invalid"
                                + " credentials with SASL mechanism SCRAM-SHA-512): check the user"
                                + " name and password in kafka.sasl.jaas.config (--config, or"
                                + " LODESTONE_KAFKA_SASL_JAAS_CONFIG)");
    }

    @Test
    void anythingElseIsNoRefusal() {
        assertThat(KafkaRefusals.describe(new IllegalStateException("x"), "ingest", INGEST_USER))
                .isEmpty();
    }
}
