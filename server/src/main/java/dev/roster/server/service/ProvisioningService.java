package dev.roster.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.list.ListRequest;
import dev.roster.scim.list.Projection;
import dev.roster.scim.patch.MemberChange;
import dev.roster.scim.patch.MembershipPatch;
import dev.roster.scim.patch.Patcher;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.ResourceValidator;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.config.ServerConfig;
import dev.roster.server.store.Database;
import dev.roster.server.store.MemberRef;
import dev.roster.server.store.MembershipStore;
import dev.roster.server.store.ResourceStore;
import dev.roster.server.store.ResourceStore.RowLock;
import dev.roster.server.store.StoreException;
import dev.roster.server.store.StoredResource;
import dev.roster.server.store.Timestamps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.roster.server.service.ResourceViews.isGroup;
import static dev.roster.server.service.ResourceViews.membershipsName;
import static dev.roster.server.service.ResourceViews.shownMemberships;
import static dev.roster.server.service.ResourceViews.streamsMembers;

/**
 * What each SCIM operation means for stored data: one place that decides uniqueness, read-only
 * attributes on PUT, membership changes and versions. Each request runs in one transaction. Lists and searches
 * are {@link ResourceQueries}'s; what a client sees of a resource, {@link ResourceViews}'s.
 */
public final class ProvisioningService {
    /** Page size when a client gives no {@code count}, and the most one page returns. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
    /** How long a pagination cursor stays valid, in seconds. */
    public static final long CURSOR_TIMEOUT_SECONDS = Cursors.TIMEOUT_SECONDS;
    private static final int PATCH_ATTEMPTS = 5;

    private final Database db;
    private final ResourceStore store;
    private final MembershipStore memberships;
    private final SchemaRegistry registry;
    private final Clock clock;
    private final ResourceViews views;
    private final Turns turns;
    private final ResourceQueries queries;

    /** A service whose costly answers wait for their turn as long as a server's do by default. */
    public ProvisioningService(Database db, ResourceStore store, SchemaRegistry registry, Clock clock) {
        this(db, store, registry, clock, ServerConfig.DEFAULT_TURN_WAIT_MILLIS);
    }

    /** {@code turnWaitMillis}: how long an answer that streams, or a list that scans, waits for its turn. */
    public ProvisioningService(Database db, ResourceStore store, SchemaRegistry registry, Clock clock, long turnWaitMillis) {
        this.db = db;
        this.store = store;
        this.memberships = store.memberships();
        this.registry = registry;
        this.clock = clock;
        this.views = new ResourceViews(memberships, registry);
        this.turns = new Turns(db.poolSize() / 2, turnWaitMillis,
                "too many answers listing group members or users' groups are being sent at once; retry shortly");
        this.queries = new ResourceQueries(db, store, registry, views, turns, turnWaitMillis, clock);
    }

    /** POST: {@code answer} gets the created resource (see {@link #answerWrite}). */
    public void create(RequestContext ctx, ResourceType type, JsonNode body, Projection asked,
                       Consumer<ResourceResult> answer) {
        Projection projection = views.shown(ctx, type, asked);
        ObjectNode doc = incomingDocument(ctx, type, body);
        List<MemberChange.Member> members = takeMembers(type, doc);
        String now = now();
        StoredResource resource = new StoredResource(UUID.randomUUID().toString(), type.name(), 1, now, now, doc);
        Supplier<ResourceResult> insert = () -> retrying(() -> uniquely(type, () -> doc, () -> db.write(c -> {
            store.insert(c, ctx.directoryId(), resource);
            if (members != null) addMembers(c, ctx.directoryId(), resource.id(), members);
            if (type.name().equals("User")) {
                // Nothing can have put a user in a group before the transaction creating it commits.
                return views.result(ctx, type, resource, projection.mayInclude("groups") ? List.of() : null, projection);
            }
            return views.result(c, ctx, type, resource, projection);
        })));
        answerWrite(ctx, type, resource.id(), projection, true, answer,
                () -> createdOnce(ctx, type, resource.id(), projection, insert));
    }

    /**
     * A create whose connection was lost during its commit may or may not have landed; the id it gave the resource
     * tells which, read on another connection. Landed, it is answered from that read, as the create it was; not
     * landed, nothing of it is stored and it runs again. Either way the client gets one resource and its 201.
     */
    private ResourceResult createdOnce(RequestContext ctx, ResourceType type, String id, Projection projection,
                                       Supplier<ResourceResult> create) {
        try {
            return create.get();
        } catch (StoreException e) {
            if (!e.isCommitOutcomeUnknown()) throw e;
            ResourceResult landed;
            try {
                landed = db.readOne(c -> {
                    StoredResource r = store.find(c, ctx.directoryId(), type.name(), id);
                    return r == null ? null : views.result(c, ctx, type, r, projection);
                });
            } catch (StoreException unreachable) {
                e.addSuppressed(unreachable);
                throw e;
            }
            return landed != null ? landed : create.get();
        }
    }

    /**
     * GET of one resource: {@code answer} gets it. A group whose members the answer shows, or a user in more groups
     * than a read holds, gets it while the read's transaction is open, for them to stream from the database into
     * the response.
     */
    public void get(RequestContext ctx, ResourceType type, String id, Projection asked, Consumer<ResourceResult> answer) {
        Projection projection = views.shown(ctx, type, asked);
        if (type.name().equals("User") && projection.mayInclude("groups")) {
            ResourceStore.WithGroups found = db.readOne(c -> store.findWithGroups(c, ctx.directoryId(), type.name(), id));
            if (found == null) throw notFound(type, id);
            if (found.groups() != null) {
                answer.accept(views.result(ctx, type, found.resource(), found.groups(), projection));
                return;
            }
        } else if (!streamsMembers(type, projection)) {
            answer.accept(db.readOne(c -> views.result(c, ctx, type, existing(c, ctx, type, id), projection)));
            return;
        }
        turns.inTurn(() -> answerStreamed(ctx, type, id, projection, answer));
    }

    /**
     * Answers a resource inside a read's transaction, its memberships streamed from it. The caller holds a turn
     * ({@link Turns}): the answer holds a connection until the client has read it.
     */
    private Void answerStreamed(RequestContext ctx, ResourceType type, String id, Projection projection,
                                Consumer<ResourceResult> answer) {
        return streamingRead(c -> {
            answer.accept(views.result(ctx, type, existing(c, ctx, type, id), views.streamed(c, ctx, type, id), projection));
            return null;
        });
    }

    /** A read whose answer streams memberships from its transaction: on one snapshot, planned for its values. */
    private <T> T streamingRead(Database.Work<T> work) {
        return db.read(store.dialect().beginMemberListing(), work);
    }

    /** The stored version of a resource, for If-None-Match, without rendering it. */
    public long version(RequestContext ctx, ResourceType type, String id) {
        return db.readOne(c -> existing(c, ctx, type, id).version());
    }

    /** PUT (RFC 7644 §3.5.1): read-only attributes in the body are ignored; absent ones are cleared. */
    public void replace(RequestContext ctx, ResourceType type, String id, JsonNode body, String ifMatch,
                        Projection asked, Consumer<ResourceResult> answer) {
        Projection projection = views.shown(ctx, type, asked);
        ObjectNode doc = incomingDocument(ctx, type, body);
        List<MemberChange.Member> members = takeMembers(type, doc);
        answerWrite(ctx, type, id, projection, true, answer, () -> retrying(() -> uniquely(type, () -> doc, () -> db.write(c -> {
            ResourceStore.WithGroups locked = lockedForWrite(c, ctx, type, id, projection);
            StoredResource old = locked.resource();
            ETags.checkIfMatch(ifMatch, old.version());
            StoredResource updated = new StoredResource(id, type.name(), old.version() + 1, old.created(), now(), doc);
            if (!store.update(c, ctx.directoryId(), updated, old)) throw new ConcurrentChange();
            if (members != null) memberships.replaceMembers(c, ctx.directoryId(), id, checkedMembers(c, ctx.directoryId(), id, members));
            return resultAfterWrite(c, ctx, type, updated, locked.groups(), projection);
        }))));
    }

    /**
     * PATCH (RFC 7644 §3.5.2). Member changes are set operations on membership rows; the rest is
     * applied to the document and written only if the version read is still current, else the PATCH is
     * applied again to a fresh read. {@code answer} gets a result without body when {@code withBody} is false.
     * A group's PATCH locks the group's row before its membership rows, as its PUT and DELETE and a member's DELETE
     * do: on PostgreSQL, adds that wrote their rows first deadlocked with a PUT of the group naming the same members.
     */
    public void patch(RequestContext ctx, ResourceType type, String id, JsonNode body, String ifMatch,
                      Projection asked, boolean withBody, Consumer<ResourceResult> answer) {
        Projection projection = views.shown(ctx, type, asked);
        AtomicReference<ObjectNode> patchedDoc = new AtomicReference<>(); // names the taken value in a 409
        answerWrite(ctx, type, id, projection, withBody, answer, () -> retrying(() -> uniquely(type, patchedDoc::get, () -> db.write(c -> {
            ResourceStore.WithGroups locked = lockedForWrite(c, ctx, type, id, projection);
            StoredResource old = locked.resource();
            ETags.checkIfMatch(ifMatch, old.version());
            Patcher.Result patched = Patcher.apply(body, type, registry, ctx.dialect(), old.document());
            StoredResource current = old;
            ObjectNode doc = storable(type, patched.document());
            patchedDoc.set(doc);
            if (!doc.equals(old.document())) {
                current = new StoredResource(id, type.name(), old.version() + 1, old.created(), now(), doc);
                if (!store.update(c, ctx.directoryId(), current, old)) throw new ConcurrentChange();
            }
            List<MemberChange> changes = patched.memberChanges();
            boolean membersChanged = false;
            for (MemberChange change : changes) membersChanged |= applyMemberChange(c, ctx.directoryId(), id, change);
            if (membersChanged && current == old) {
                // The row is locked (or this is SQLite's one writer): the touch gives exactly this version.
                current = new StoredResource(id, type.name(), old.version() + 1, old.created(), now(), old.document());
                store.touch(c, ctx.directoryId(), id, current.lastModified());
            }
            if (!withBody) {
                return new ResourceResult(null, ETags.of(current.version()), ResourceRenderer.location(ctx.baseUrl(), type, id));
            }
            return resultAfterWrite(c, ctx, type, current, locked.groups(), projection);
        }))));
    }

    /**
     * Runs a write and hands its answer over. When the answer shows memberships the write did not read (a group's
     * members, or a user's groups when they are more than a read holds), they are read after the commit and streamed
     * as a read streams them, so that no write holds them in memory: the answer is then the resource as that read
     * finds it, at the write's version or a later writer's (with that version's ETag), and 404 if it was deleted
     * meanwhile. {@code withBody}: false when the answer has none (a group's PATCH that asks for no attributes).
     */
    private void answerWrite(RequestContext ctx, ResourceType type, String id, Projection projection, boolean withBody,
                             Consumer<ResourceResult> answer, Supplier<ResourceResult> write) {
        if (withBody && streamsMembers(type, projection)) {
            // The turn comes before the write, so that no write is committed and then refused its answer.
            turns.inTurn(() -> {
                write.get();
                return answerStreamed(ctx, type, id, projection, answer);
            });
            return;
        }
        ResourceResult written = write.get();
        if (written.body() == null || shownMemberships(type, projection).isEmpty() || written.body().has(membershipsName(type))) {
            answer.accept(written);
            return;
        }
        // A user in more groups than a read holds, which only the write found out: committed, it waits for its turn.
        turns.afterCommit(() -> answerStreamed(ctx, type, id, projection, answer));
    }

    /**
     * The groups this resource is in lose a member, so their versions move on too. They are locked (touched) before
     * the resource's own row, as every writer of a group locks the group before the membership rows it writes, whose
     * foreign keys then wait for the member's row: locked after that row, on PostgreSQL, a group's PUT naming this
     * resource deadlocked with its delete. In id order, so that deletes of members of the same groups take them in
     * one order. A first read, unlocked, answers 404 and 412 before anything is written (on SQLite a write that
     * fails having written nothing leaves its neighbours' group commit alone).
     */
    public void delete(RequestContext ctx, ResourceType type, String id, String ifMatch) {
        retrying(() -> db.write(c -> {
            ResourceStore.WithGroups seen = store.findWithGroups(c, ctx.directoryId(), type.name(), id);
            if (seen == null) throw notFound(type, id);
            ETags.checkIfMatch(ifMatch, seen.resource().version());
            Set<String> groups = groupIds(c, ctx, id, seen);
            String now = now();
            for (String groupId : new TreeSet<>(groups)) store.touch(c, ctx.directoryId(), groupId, now);
            ResourceStore.WithGroups locked = store.findWithGroups(c, ctx.directoryId(), type.name(), id, RowLock.FOR_DELETE);
            if (locked == null) throw notFound(type, id);
            ETags.checkIfMatch(ifMatch, locked.resource().version());
            // A group that took the resource in meanwhile is not locked yet: run again, to lock it first too.
            if (!groups.containsAll(groupIds(c, ctx, id, locked))) throw new ConcurrentChange();
            store.delete(c, ctx.directoryId(), type.name(), id);
            return null;
        }));
    }

    /** The ids of the groups a read found, or read apart when they were more than it holds. */
    private Set<String> groupIds(Connection c, RequestContext ctx, String id, ResourceStore.WithGroups read) throws SQLException {
        if (read.groups() == null) return new HashSet<>(memberships.groupIdsOf(c, ctx.directoryId(), id));
        Set<String> ids = new HashSet<>();
        for (MemberRef group : read.groups()) ids.add(group.id());
        return ids;
    }

    /**
     * A list or search of one resource type (see {@link ResourceQueries}): {@code answer} gets the ListResponse,
     * inside the read's transaction when it streams group members (see {@link #get}).
     */
    public void list(RequestContext ctx, ResourceType type, ListRequest request, Consumer<ObjectNode> answer) {
        queries.list(ctx, type, request, answer);
    }

    /** {@code POST /.search} at the root (RFC 7644 §3.4.3): every resource type the filter can be asked of. */
    public void searchAll(RequestContext ctx, ListRequest request, Consumer<ObjectNode> answer) {
        queries.searchAll(ctx, request, answer);
    }

    private StoredResource existing(Connection c, RequestContext ctx, ResourceType type, String id) throws SQLException {
        StoredResource r = store.find(c, ctx.directoryId(), type.name(), id);
        if (r == null) throw notFound(type, id);
        return r;
    }

    /**
     * The resource a PUT or PATCH changes, its row locked. A user's groups come in the same statement when
     * the answer shows them: a write to a user cannot change its groups, and a statement is saved. Other
     * resources come with null groups, their memberships read once the write is done.
     */
    private ResourceStore.WithGroups lockedForWrite(Connection c, RequestContext ctx, ResourceType type, String id,
                                                    Projection projection) throws SQLException {
        if (type.name().equals("User") && projection.mayInclude("groups")) {
            ResourceStore.WithGroups found = store.findWithGroups(c, ctx.directoryId(), type.name(), id, RowLock.FOR_CHANGE);
            if (found == null) throw notFound(type, id);
            return found;
        }
        return new ResourceStore.WithGroups(existingLocked(c, ctx, type, id, RowLock.FOR_CHANGE), null);
    }

    private ResourceResult resultAfterWrite(Connection c, RequestContext ctx, ResourceType type, StoredResource r,
                                            List<MemberRef> groupsRead, Projection projection) throws SQLException {
        return groupsRead != null ? views.result(ctx, type, r, groupsRead, projection) : views.result(c, ctx, type, r, projection);
    }

    /** Like {@link #existing}, locking the row for the rest of the write transaction. */
    private StoredResource existingLocked(Connection c, RequestContext ctx, ResourceType type, String id, RowLock lock)
            throws SQLException {
        StoredResource r = store.find(c, ctx.directoryId(), type.name(), id, lock);
        if (r == null) throw notFound(type, id);
        return r;
    }

    private static ScimException notFound(ResourceType type, String id) {
        return ScimException.notFound(type.name() + " " + id + " not found");
    }

    private ObjectNode incomingDocument(RequestContext ctx, ResourceType type, JsonNode body) {
        return storable(type, ctx.dialect().resource(body, type, registry));
    }

    /** The document to store for a POST, a PUT or what a PATCH leaves: validated, indexable, without password. */
    private static ObjectNode storable(ResourceType type, JsonNode candidate) {
        ObjectNode doc = ResourceValidator.validate(type, candidate);
        // Roster is a provisioning target, not a login service: passwords are accepted and dropped.
        doc.remove("password");
        ResourceStore.checkIndexedLengths(type.name(), doc);
        return doc;
    }

    /** Removes {@code members} from a Group document; null for a User (and the caller leaves members alone). */
    private static List<MemberChange.Member> takeMembers(ResourceType type, ObjectNode doc) {
        if (!isGroup(type)) return null;
        return MembershipPatch.members(doc.remove("members"));
    }

    private boolean applyMemberChange(Connection c, String directory, String groupId, MemberChange change) throws SQLException {
        if (change instanceof MemberChange.Add add) return addMembers(c, directory, groupId, add.members());
        if (change instanceof MemberChange.Remove remove) return memberships.removeMembers(c, directory, groupId, remove.ids()) > 0;
        if (change instanceof MemberChange.Replace replace) {
            return memberships.replaceMembers(c, directory, groupId, checkedMembers(c, directory, groupId, replace.members()));
        }
        // The members stream past the filter, and only the ids of those it matches are kept: a group of a million
        // members is not held to remove a few of them.
        MemberChange.RemoveMatching matching = (MemberChange.RemoveMatching) change;
        AttributeDefinition members = registry.resourceType("Group").schema().attribute("members");
        List<String> matched = new ArrayList<>();
        try {
            memberships.forEachMember(c, directory, groupId, m -> {
                ObjectNode member = JsonNodeFactory.instance.objectNode().put("value", m.id()).put("type", m.resourceType());
                if (m.display() != null) member.put("display", m.display());
                if (FilterEvaluator.matchesValue(matching.filter(), member, members)) matched.add(m.id());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink does no I/O
        }
        return !matched.isEmpty() && memberships.removeMembers(c, directory, groupId, matched) > 0;
    }

    private boolean addMembers(Connection c, String directory, String groupId, List<MemberChange.Member> members)
            throws SQLException {
        return memberships.addMembers(c, directory, groupId, checkedMembers(c, directory, groupId, members));
    }

    /**
     * The resource type of each member, which must exist in the directory: an id that names nothing there is a 400,
     * not a dangling row.
     */
    private Map<String, String> checkedMembers(Connection c, String directory, String groupId, List<MemberChange.Member> members)
            throws SQLException {
        if (members.isEmpty()) return Map.of();
        Set<String> ids = new LinkedHashSet<>();
        for (MemberChange.Member m : members) ids.add(m.value());
        if (ids.contains(groupId)) throw ScimException.invalidValue("a group cannot be a member of itself");
        Map<String, String> types = store.typesOf(c, directory, ids);
        for (MemberChange.Member m : members) {
            String actual = types.get(m.value());
            if (actual == null) throw ScimException.invalidValue("no User or Group with id '" + m.value() + "' exists in this directory");
            if (m.type() != null && !m.type().equals(actual)) {
                throw ScimException.invalidValue("member '" + m.value() + "' is a " + actual + ", not a " + m.type());
            }
        }
        return types;
    }

    private interface Write<T> { T run(); }

    /**
     * Runs a write again from a fresh read when another writer changed what it read in between (the version
     * check in the UPDATE failed, or the database reported a deadlock or a vanished row), so no update is lost
     * and none fails for it, or when its connection reached a standby or was lost before it committed. A failed
     * attempt was rolled back whole, so running it again is safe.
     */
    private static <T> T retrying(Write<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.run();
            } catch (ConcurrentChange | StoreException e) {
                if (e instanceof StoreException se && !se.isRetryable()) throw se;
                if (attempt >= PATCH_ATTEMPTS) {
                    // A database that took no writes, or whose connections were lost, on every connection tried is down
                    // for writes, as far as a client goes.
                    if (e instanceof StoreException se && se.isUnavailable()) throw se;
                    throw ScimException.unavailable("the resource kept changing while this request was applied; try again");
                }
            }
        }
    }

    /** Turns the database's unique-constraint verdict into the SCIM 409 (RFC 7644 §3.3). */
    private static <T> T uniquely(ResourceType type, Supplier<ObjectNode> written, Write<T> write) {
        try {
            return write.run();
        } catch (StoreException e) {
            if (!e.isUniqueViolation()) throw e;
            String attribute = type.name().equals("User") ? "userName" : "displayName";
            ObjectNode doc = written.get();
            String value = doc == null ? null : doc.path(attribute).asText(null);
            throw ScimException.uniqueness(type.name() + " with " + attribute
                    + (value == null ? "" : " '" + value + "'") + " already exists in this directory");
        }
    }

    /** The version read is no longer current: another writer got there first. */
    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() { super(null, null, false, false); }
    }

    private String now() { return Timestamps.format(clock.instant()); }
}
