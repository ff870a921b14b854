package io.yunwei.intake.customer;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.web.RuleViolation;
import io.yunwei.intake.customer.Customer.Contact;
import io.yunwei.intake.customer.Customer.Site;

/** Customers, their sites, contacts and assets: what tickets are recorded against. */
@Service
public class CustomerDirectory {

    /** Asset attribute names become field names in the store, so dots and dollars are kept out. */
    public static final String ATTRIBUTE_NAME = "^[A-Za-z0-9_-]{1,64}$";
    /** When the asset's attributes were last collected on site; kept in the store beside them, not shown. */
    private static final String COLLECTED_AT = "collectedAt";

    private final MongoTemplate mongo;
    private final Clock clock;

    CustomerDirectory(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    Customer create(String id, String name) {
        Customer customer = new Customer(id == null ? UUID.randomUUID().toString() : id, name, clock.instant());
        try {
            return mongo.insert(customer);
        } catch (DuplicateKeyException e) {
            throw new RuleViolation("CUSTOMER_EXISTS", "A customer with id " + customer.id() + " exists.");
        }
    }

    public Optional<Customer> customer(String id) {
        return Optional.ofNullable(mongo.findById(id, Customer.class));
    }

    Customer existing(String id) {
        return customer(id).orElseThrow(() -> new DocumentNotFoundException(Customer.class, id));
    }

    Site addSite(String customerId, Site site) {
        Customer customer = existing(customerId);
        Site added = customer.addSite(site);
        mongo.save(customer);
        return added;
    }

    Contact addContact(String customerId, Contact contact) {
        Customer customer = existing(customerId);
        Contact added = customer.addContact(contact);
        mongo.save(customer);
        return added;
    }

    Customer.Contract putContract(String customerId, Customer.Contract contract) {
        Customer customer = existing(customerId);
        customer.contract(contract);
        mongo.save(customer);
        return contract;
    }

    Asset addAsset(Asset asset) {
        Customer customer = existing(asset.customerId());
        if (asset.siteId() != null && customer.site(asset.siteId()).isEmpty()) {
            throw new RuleViolation("UNKNOWN_SITE",
                    "Customer " + customer.id() + " has no site " + asset.siteId() + ".");
        }
        try {
            return mongo.insert(asset);
        } catch (DuplicateKeyException e) {
            throw new RuleViolation("ASSET_EXISTS", "An asset with id " + asset.id() + " exists.");
        }
    }

    public Optional<Asset> asset(String id) {
        return Optional.ofNullable(mongo.findById(id, Asset.class));
    }

    /**
     * Keeps what an engineer collected about an asset on site, newest value per key. Setting the same values again
     * changes nothing, so a redelivered event may run this twice; a collection older than the last one kept (re-driven
     * late) changes nothing either, so no value goes back. Returns false when there is no such asset or the collection
     * is older.
     */
    public boolean recordCollectedInfo(String assetId, Map<String, String> attributes, Instant at) {
        Update update = new Update().set("updatedAt", at).set(COLLECTED_AT, at);
        attributes.forEach((key, value) -> update.set("attributes." + key, value));
        return mongo.updateFirst(query(where("_id").is(assetId).orOperator(where(COLLECTED_AT).exists(false),
                where(COLLECTED_AT).lte(at))), update, Asset.class).getMatchedCount() == 1;
    }

    public List<Asset> assetsOf(String customerId) {
        return mongo.find(query(where("customerId").is(customerId)).limit(500), Asset.class);
    }

    /** At most this many customers are read for one search: the store scans the collection for anything but an id. */
    static final int SEARCH_SCAN = 5_000;

    /**
     * The customers whose id or name contains {@code q} (ignoring case; all of them when it is blank), in id order, one
     * page of them, and how many there are in all; only {@code onlyId} when it is given. Customers are few, so the
     * store's scan is bounded rather than indexed.
     */
    CustomerPage search(String q, String onlyId, int page, int size) {
        String wanted = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        List<Customer> candidates;
        if (onlyId != null) {
            candidates = customer(onlyId).stream().toList();
        } else {
            Query scan = new Query().with(Sort.by("_id")).limit(SEARCH_SCAN);
            scan.fields().include("_id", "name", "sites");
            candidates = mongo.find(scan, Customer.class);
        }
        List<Customer> matching = candidates.stream()
                .filter(c -> wanted.isEmpty() || c.id().toLowerCase(Locale.ROOT).contains(wanted)
                        || c.name() != null && c.name().toLowerCase(Locale.ROOT).contains(wanted))
                .toList();
        int from = (int) Math.min((long) page * size, matching.size());
        return new CustomerPage(matching.subList(from, Math.min(from + size, matching.size())), matching.size());
    }

    record CustomerPage(List<Customer> customers, long total) {
    }
}
