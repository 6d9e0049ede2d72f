package dev.roster.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.filter.Operator;
import dev.roster.scim.list.ListRequest;
import dev.roster.scim.list.ListResponse;
import dev.roster.scim.list.Projection;
import dev.roster.scim.list.SortSpec;
import dev.roster.scim.path.AttributePath;
import dev.roster.scim.schema.AttributeType;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import dev.roster.server.config.Durations;
import dev.roster.server.store.Database;
import dev.roster.server.store.Page;
import dev.roster.server.store.Query;
import dev.roster.server.store.ResourceStore;
import dev.roster.server.store.Sql;
import dev.roster.server.store.SqlFilterCompiler;
import dev.roster.server.store.StoreException;
import dev.roster.server.store.StoredResource;
import dev.roster.server.store.TimeLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.roster.server.service.ResourceViews.streamsMembers;

/**
 * Queries (RFC 7644 §3.4.2, §3.4.3): a list or search of one resource type, with its filter, sort and page (by
 * index or by RFC 9865 cursor), and the root search over every type. Each reads one snapshot; a list whose filter
 * or sort reads every resource of its type takes turns with the others that do, and one that shows group members
 * streams them in the turns that reads of one resource share ({@link Turns}).
 */
final class ResourceQueries {
    private static final Logger log = LoggerFactory.getLogger(ResourceQueries.class);

    private final Database db;
    private final ResourceStore store;
    private final SchemaRegistry registry;
    private final ResourceViews views;
    private final Turns turns;
    private final Turns scanTurns;
    private final Cursors cursors;
    private final PagePositions pages = new PagePositions();

    /** {@code turns}: those of answers that stream memberships, shared with the reads of one resource. */
    ResourceQueries(Database db, ResourceStore store, SchemaRegistry registry, ResourceViews views, Turns turns,
                    long turnWaitMillis, Clock clock) {
        this.db = db;
        this.store = store;
        this.registry = registry;
        this.views = views;
        this.turns = turns;
        // A quarter, so that scans and streamed answers together leave a quarter of the pool to everything else.
        this.scanTurns = new Turns(db.poolSize() / 4, turnWaitMillis,
                "too many lists whose filter or sort reads every resource are running at once; retry shortly");
        this.cursors = new Cursors(clock);
    }

    /**
     * A list or search of one resource type: {@code answer} gets the ListResponse, inside the read's transaction when
     * it streams group members (see {@link ProvisioningService#get}).
     */
    void list(RequestContext ctx, ResourceType type, ListRequest asked, Consumer<ObjectNode> answer) {
        String sortBy = ctx.dialect().sortBy(asked.sortBy(), type, registry);
        ListRequest request = new ListRequest(asked.filter(), asked.startIndex(), asked.count(),
                views.shown(ctx, type, asked.projection()), sortBy, asked.sortOrder(), asked.cursor());
        SortSpec sort = SortSpec.of(request.sortBy(), request.sortOrder(), type, registry);
        Filter bound = bind(ctx, request.filter(), type);
        String userName = request.cursor() == null ? userNameLookup(type, bound, sort, request) : null;
        if (userName != null) {
            ResourceStore.WithGroups found = db.readOne(c -> store.findUserWithGroups(c, ctx.directoryId(), FilterEvaluator.fold(userName)));
            if (found == null || found.groups() != null) {
                List<JsonNode> resources = found == null ? List.of()
                        : List.of(views.result(ctx, type, found.resource(), found.groups(), request.projection()).body());
                answer.accept(ListResponse.of(resources.size(), 1, resources));
                return;
            }
            // In more groups than a read holds: listed as any page is, and so streamed.
        }
        Sql where = bound == null ? null : SqlFilterCompiler.compile(bound, type, registry, store.dialect(), ctx.directoryId());
        String sortKey = sort == null ? null : SqlFilterCompiler.sortKey(sort, type, registry, store.dialect());
        boolean descending = sort != null && sort.descending();
        if (request.cursor() != null) {
            cursorPage(ctx, type, request, bound, sort, where, sortKey, descending, answer);
            return;
        }
        boolean planForValues = where != null && where.planForValues();
        readListing(scans(where, sortKey), streamsMembers(type, request.projection()), planForValues, (c, streamed, limit) -> {
            int offset = request.startIndex() - 1;
            List<StoredResource> rows = List.of();
            if (request.count() > 0) {
                Query.Keyset after = offset == 0 ? null : pages.before(pageKey(ctx, type, bound, sort, request.startIndex()));
                Page page = store.search(c, ctx.directoryId(), type.name(),
                        new Query(where, sortKey, descending, after, after == null ? offset : 0, request.count()), limit);
                rows = page.rows();
                // Only a full page has a next one to remember; a lookup's short page has none.
                if (rows.size() == request.count()) {
                    pages.remember(pageKey(ctx, type, bound, sort, request.startIndex() + rows.size()),
                            page.positions().get(rows.size() - 1));
                }
            }
            // A short page that found something, or a first page, already tells the total: no count(*).
            boolean known = request.count() > 0 && rows.size() < request.count() && (!rows.isEmpty() || offset == 0);
            long total = known ? offset + rows.size() : store.count(c, ctx.directoryId(), type.name(), where, limit);
            return ListResponse.of(total, request.startIndex(), views.render(c, ctx, type, rows, request.projection(), streamed));
        }, answer);
    }

    private static PagePositions.Key pageKey(RequestContext ctx, ResourceType type, Filter filter, SortSpec sort, int startIndex) {
        return new PagePositions.Key(ctx.directoryId(), type.name(), String.valueOf(filter), String.valueOf(sort), startIndex);
    }

    /**
     * The userName of the lookup an IdP makes before every create ({@code userName eq "…"}, first page, no
     * sort), or null for any other query. userName is unique, so that page is one user or none: a single
     * statement reads it with its groups and tells the total, where a general page takes two and a transaction.
     */
    private static String userNameLookup(ResourceType type, Filter filter, SortSpec sort, ListRequest request) {
        if (!type.name().equals("User") || sort != null || request.startIndex() != 1 || request.count() < 1
                || !request.projection().mayInclude("groups")) return null;
        if (!(filter instanceof Filter.Comparison cmp) || cmp.op() != Operator.EQ || !cmp.value().isTextual()) return null;
        AttributePath path = cmp.path();
        boolean core = path.schemaUrn() == null || path.schemaUrn().equals(type.schema().id());
        return core && path.attribute().equals("userName") && path.subAttribute() == null ? cmp.value().asText() : null;
    }

    /** RFC 9865: each page is a keyset query after (or before) the row the cursor names. */
    private void cursorPage(RequestContext ctx, ResourceType type, ListRequest request, Filter filter, SortSpec sort,
                            Sql where, String sortKey, boolean descending, Consumer<ObjectNode> answer) {
        String digest = Cursors.queryDigest(type.name(), String.valueOf(filter), String.valueOf(sort));
        AttributeType sortType = sort == null ? null : registry.resolve(type, sort.path()).target().type();
        Query.Keyset from = request.cursor().isEmpty() ? null : cursors.decode(request.cursor(), digest, sortType);
        int count = request.count();
        boolean planForValues = where != null && where.planForValues();
        readListing(scans(where, sortKey), streamsMembers(type, request.projection()), planForValues, (c, streamed, limit) -> {
            long total = store.count(c, ctx.directoryId(), type.name(), where, limit);
            Page page = count == 0 ? new Page(List.of(), List.of())
                    : store.search(c, ctx.directoryId(), type.name(), new Query(where, sortKey, descending, from, 0, count + 1), limit);
            List<StoredResource> rows = new ArrayList<>(page.rows());
            List<Query.Keyset> positions = new ArrayList<>(page.positions());
            boolean more = rows.size() > count;
            String next = null;
            String previous = null;
            if (from != null && from.before()) {
                // Fetched backwards: an extra row means there are pages before this one.
                if (more) {
                    rows.remove(0);
                    positions.remove(0);
                }
                if (more && !rows.isEmpty()) previous = cursors.encode(positions.get(0), true, digest);
                if (!rows.isEmpty()) next = cursors.encode(positions.get(positions.size() - 1), false, digest);
            } else {
                if (more) {
                    rows.remove(rows.size() - 1);
                    positions.remove(positions.size() - 1);
                }
                if (more && !rows.isEmpty()) next = cursors.encode(positions.get(positions.size() - 1), false, digest);
                if (from != null && !rows.isEmpty()) previous = cursors.encode(positions.get(0), true, digest);
            }
            return ListResponse.ofCursorPage(total, views.render(c, ctx, type, rows, request.projection(), streamed), next, previous);
        }, answer);
    }

    /**
     * {@code POST /.search} at the root (RFC 7644 §3.4.3): every resource type the filter can be asked of,
     * Users first, then Groups. Sorting and cursors need one resource type and are refused here.
     */
    void searchAll(RequestContext ctx, ListRequest request, Consumer<ObjectNode> answer) {
        if (request.sortBy() != null && !request.sortBy().isBlank()) {
            throw ScimException.invalidValue("sortBy needs one resource type: search /Users/.search or /Groups/.search");
        }
        if (request.cursor() != null) {
            throw ScimException.invalidValue("cursor pagination needs one resource type: search /Users/.search or /Groups/.search");
        }
        List<ResourceType> types = new ArrayList<>();
        List<Sql> conditions = new ArrayList<>();
        List<Projection> projections = new ArrayList<>();
        ScimException firstError = null;
        for (ResourceType type : registry.resourceTypes()) {
            try {
                Filter bound = bind(ctx, request.filter(), type);
                conditions.add(bound == null ? null : SqlFilterCompiler.compile(bound, type, registry, store.dialect(), ctx.directoryId()));
                types.add(type);
                projections.add(views.shown(ctx, type, request.projection()));
            } catch (ScimException e) {
                if (firstError == null) firstError = e;
            }
        }
        if (types.isEmpty()) throw firstError;
        boolean scans = false;
        boolean streams = false;
        boolean planForValues = false;
        for (int i = 0; i < types.size(); i++) {
            scans |= scans(conditions.get(i), null);
            streams |= streamsMembers(types.get(i), projections.get(i));
            planForValues |= conditions.get(i) != null && conditions.get(i).planForValues();
        }
        readListing(scans, streams, planForValues, (c, streamed, limit) -> {
            long total = 0;
            int skip = request.startIndex() - 1;
            int room = request.count();
            List<ObjectNode> resources = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                ResourceType type = types.get(i);
                long n = store.count(c, ctx.directoryId(), type.name(), conditions.get(i), limit);
                total += n;
                if (room > 0 && skip < n) {
                    List<StoredResource> rows = store.search(c, ctx.directoryId(), type.name(),
                            new Query(conditions.get(i), null, false, null, skip, room), limit).rows();
                    resources.addAll(views.render(c, ctx, type, rows, projections.get(i), streamed));
                    room -= rows.size();
                }
                skip = (int) Math.max(0, skip - n);
            }
            return ListResponse.of(total, request.startIndex(), resources);
        }, answer);
    }

    /**
     * A listing's read; {@code streamed}: the memberships it shows may stream from {@code c} as it is answered;
     * {@code limit}: the time its statements share.
     */
    private interface Listing<T> {
        T read(Connection c, boolean streamed, TimeLimit limit) throws SQLException;
    }

    /**
     * Runs a listing's read in one transaction and hands its answer over: after the transaction, or inside it (in
     * its turn) when the answer streams memberships from it. Group members always stream; users' groups only when
     * they are more than a read holds, which the read finds out, and then the whole read runs again streaming.
     * {@code planForValues}: its filter is planned for its values. A listing that {@code scans} every resource of
     * its type takes turns with the others that do; a statement the query timeout stopped makes it {@code 400 tooMany}.
     */
    private <T> void readListing(boolean scans, boolean streamsMembers, boolean planForValues, Listing<T> listing,
                                 Consumer<T> answer) {
        try {
            if (scans) {
                scanTurns.inTurn(() -> {
                    readAndAnswer(streamsMembers, planForValues, listing, answer);
                    return null;
                });
            } else {
                readAndAnswer(streamsMembers, planForValues, listing, answer);
            }
        } catch (StoreException e) {
            if (!e.isTimedOut()) throw e;
            String limit = Durations.format(store.queryTimeoutMillis());
            // For the operator, who may raise --query-timeout; the filter itself may hold personal data and is not logged.
            log.warn("a list ran past the query timeout of {} and was refused with 400 tooMany", limit);
            throw ScimException.tooMany("the filter or sort took longer than the " + limit + " a list may run here: narrow "
                    + "it with an equality on an indexed attribute (id, userName, externalId, displayName, emails.value, "
                    + "members.value, groups.value)");
        }
    }

    private <T> void readAndAnswer(boolean streamsMembers, boolean planForValues, Listing<T> listing, Consumer<T> answer) {
        if (!streamsMembers) {
            T read = null;
            try {
                read = db.readRerunnable(planForValues ? store.dialect().planForValues() : null,
                        c -> listing.read(c, false, store.startListTimeLimit()));
            } catch (ResourceViews.TooManyGroups e) {
                // read again below
            }
            if (read != null) {
                answer.accept(read);
                return;
            }
        }
        turns.inTurn(() -> streamingRead(c -> {
            answer.accept(listing.read(c, true, store.startListTimeLimit()));
            return null;
        }));
    }

    /** Whether a list reads every resource of its type: a filter no index narrows, or a sort with no filter. */
    private static boolean scans(Sql where, String sortKey) {
        return where == null ? sortKey != null : !where.narrowedByIndex();
    }

    /** The list filter after the directory's IdP rules, checked against the schema; null for no filter. */
    private Filter bind(RequestContext ctx, Filter filter, ResourceType type) {
        return filter == null ? null : FilterBinder.bind(ctx.dialect().filter(filter, type, registry), type, registry);
    }

    /** A read whose answer streams memberships from its transaction: on one snapshot, planned for its values. */
    private <T> T streamingRead(Database.Work<T> work) {
        return db.read(store.dialect().beginMemberListing(), work);
    }
}
