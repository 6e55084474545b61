package io.lodestone.localinfra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least privileges Lodestone's principals need on a secured broker, as ACLs (everything else is
 * denied):
 *
 * <ul>
 *   <li>{@value LocalSecurity#APP}: its topics by prefix (create at start, read, write); its
 *       internal topics, {@code <application.id>-*} (create, read, write, describe their configs,
 *       delete records of repartition topics); its consumer group, {@code <application.id>}; its
 *       transactional ids, {@code <application.id>-*}.
 *   <li>{@value LocalSecurity#INGEST}: write (and describe) the two input topics, nothing else.
 * </ul>
 */
public final class LocalAcls {

    private LocalAcls() {}

    /**
     * The ACLs for an app of {@code applicationId} whose topics start with {@code topicPrefix},
     * ingest writing {@code inputTopics}.
     */
    public static List<AclBinding> lodestone(
            String topicPrefix, String applicationId, List<String> inputTopics) {
        List<AclBinding> acls = new ArrayList<>();
        String app = "User:" + LocalSecurity.APP;
        allow(
                acls,
                app,
                new ResourcePattern(ResourceType.TOPIC, topicPrefix, PatternType.PREFIXED),
                AclOperation.CREATE,
                AclOperation.DESCRIBE,
                AclOperation.READ,
                AclOperation.WRITE);
        allow(
                acls,
                app,
                new ResourcePattern(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED),
                AclOperation.CREATE,
                AclOperation.DELETE,
                AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS,
                AclOperation.READ,
                AclOperation.WRITE);
        allow(
                acls,
                app,
                new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL),
                AclOperation.READ,
                AclOperation.DESCRIBE);
        allow(
                acls,
                app,
                new ResourcePattern(
                        ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED),
                AclOperation.WRITE,
                AclOperation.DESCRIBE);
        for (String topic : inputTopics) {
            allow(
                    acls,
                    "User:" + LocalSecurity.INGEST,
                    new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    AclOperation.WRITE,
                    AclOperation.DESCRIBE);
        }
        return acls;
    }

    private static void allow(
            List<AclBinding> acls,
            String principal,
            ResourcePattern resource,
            AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(
                    new AclBinding(
                            resource,
                            new AccessControlEntry(
                                    principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    /**
     * Creates {@code acls} (existing ones are kept) with an admin client of {@code adminSettings};
     * one line per ACL.
     */
    static List<String> create(Map<String, Object> adminSettings, List<AclBinding> acls) {
        try (Admin admin = Admin.create(adminSettings)) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new LocalInfraException(
                    "cannot create the ACLs on the local broker: " + e.getMessage(), e);
        }
        return acls.stream().map(LocalAcls::describe).toList();
    }

    static String describe(AclBinding acl) {
        ResourcePattern resource = acl.pattern();
        return String.format(
                "%-24s %-16s %-16s %s%s",
                acl.entry().principal(),
                acl.entry().operation(),
                resource.resourceType(),
                resource.name(),
                resource.patternType() == PatternType.PREFIXED ? "*" : "");
    }
}
