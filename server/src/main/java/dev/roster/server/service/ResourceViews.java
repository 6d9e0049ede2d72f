package dev.roster.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.list.Projection;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.store.MemberRef;
import dev.roster.server.store.MembershipStore;
import dev.roster.server.store.StoredResource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a client sees of stored resources: the directory's IdP rules applied to the attributes asked for, the
 * projected document, and a group's members or a user's groups, read with it or streamed as it is written.
 */
final class ResourceViews {
    private final MembershipStore memberships;
    private final SchemaRegistry registry;

    ResourceViews(MembershipStore memberships, SchemaRegistry registry) {
        this.memberships = memberships;
        this.registry = registry;
    }

    /** The attributes a client asked to see or not to see, after the directory's IdP rules. */
    Projection shown(RequestContext ctx, ResourceType type, Projection asked) {
        return ctx.dialect().projection(asked, type, registry);
    }

    /**
     * A page of resources as the client sees them. A group's members are streamed from {@code c} as the answer
     * is written, so the page must be answered inside the transaction ({@code streamed}, see {@link #streamsMembers});
     * a user's groups are read at once, for the whole page in one statement, unless they are more than a read
     * holds: then they too are streamed, one statement a user, or the read is run again to be ({@link TooManyGroups}).
     */
    List<ObjectNode> render(Connection c, RequestContext ctx, ResourceType type, List<StoredResource> rows,
                            Projection projection, boolean streamed) throws SQLException {
        List<ObjectNode> out = new ArrayList<>(rows.size());
        if (shownMemberships(type, projection).isEmpty()) {
            for (StoredResource r : rows) out.add(view(ctx, type, r, null, projection));
            return out;
        }
        Map<String, List<MemberRef>> groups = isGroup(type) ? null : memberships.groupsOfWithinLimit(c, ctx.directoryId(), ids(rows));
        if (groups == null && !streamed) throw new TooManyGroups();
        for (StoredResource r : rows) {
            out.add(view(ctx, type, r, groups == null ? streamed(c, ctx, type, r.id())
                    : MembershipsJson.Rows.of(groups.getOrDefault(r.id(), List.of())), projection));
        }
        return out;
    }

    /**
     * The resource with a user's groups read now, or left out when they are more than a read holds. A group's
     * members are not read here. An answer that shows what was left out streams it: a write's after its commit
     * ({@link ProvisioningService}).
     */
    ResourceResult result(Connection c, RequestContext ctx, ResourceType type, StoredResource r,
                          Projection projection) throws SQLException {
        Map<String, List<MemberRef>> groups = isGroup(type) || shownMemberships(type, projection).isEmpty() ? null
                : memberships.groupsOfWithinLimit(c, ctx.directoryId(), List.of(r.id()));
        return result(ctx, type, r, groups == null ? null : groups.getOrDefault(r.id(), List.of()), projection);
    }

    ResourceResult result(RequestContext ctx, ResourceType type, StoredResource r, List<MemberRef> memberships,
                          Projection projection) {
        return result(ctx, type, r, memberships == null ? null : MembershipsJson.Rows.of(memberships), projection);
    }

    ResourceResult result(RequestContext ctx, ResourceType type, StoredResource r, MembershipsJson.Rows memberships,
                          Projection projection) {
        return new ResourceResult(view(ctx, type, r, memberships, projection), ETags.of(r.version()),
                ResourceRenderer.location(ctx.baseUrl(), type, r.id()));
    }

    /** The projected resource, with its memberships (null: not read) as far as the projection shows them. */
    private ObjectNode view(RequestContext ctx, ResourceType type, StoredResource r, MembershipsJson.Rows memberships,
                            Projection projection) {
        ObjectNode out = projection.apply(ResourceRenderer.render(r, type, ctx.baseUrl()), type, registry);
        List<String> shown = memberships == null ? List.of() : shownMemberships(type, projection);
        // Shown even when empty: Okta and Entra expect the attribute to be there for a user in no group.
        if (!shown.isEmpty()) {
            ResourceRenderer.putMemberships(out, membershipsName(type),
                    new MembershipsJson(memberships, ctx.baseUrl(), isGroup(type), shown));
        }
        return out;
    }

    static boolean isGroup(ResourceType type) {
        return type.name().equals("Group");
    }

    /** The attribute that lists a resource's memberships: a group's members, a user's groups. */
    static String membershipsName(ResourceType type) {
        return isGroup(type) ? "members" : "groups";
    }

    /** The sub-attributes of the memberships that the projection shows; empty when it shows none (none are read then). */
    static List<String> shownMemberships(ResourceType type, Projection projection) {
        return projection.shownSubAttributes(type, membershipsName(type), MembershipsJson.SUB_ATTRIBUTES);
    }

    /** Whether a read's answer shows group members, which it streams from its transaction and so is sent inside it. */
    static boolean streamsMembers(ResourceType type, Projection projection) {
        return isGroup(type) && !shownMemberships(type, projection).isEmpty();
    }

    /** A group's members or a user's groups, read from {@code c} as the answer is written. */
    MembershipsJson.Rows streamed(Connection c, RequestContext ctx, ResourceType type, String id) {
        return isGroup(type) ? sink -> memberships.streamMembers(c, ctx.directoryId(), id, sink)
                : sink -> memberships.streamGroups(c, ctx.directoryId(), id, sink);
    }

    /** A read's users are in more groups than it holds: it is run again, streaming them. */
    static final class TooManyGroups extends RuntimeException {
        TooManyGroups() { super(null, null, false, false); }
    }

    private static List<String> ids(List<StoredResource> page) {
        List<String> ids = new ArrayList<>(page.size());
        for (StoredResource r : page) ids.add(r.id());
        return ids;
    }
}
