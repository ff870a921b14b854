package io.yunwei.intake.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.intake.IntakeApplication;
import io.yunwei.intake.ticket.FaultRecord.Level;
import io.yunwei.intake.ticket.Ticket.Recording;
import io.yunwei.intake.ticket.Ticket.Reporter;

/**
 * How fast {@code GET /api/v1/tickets} lists and searches with many tickets stored ({@code bench.tickets}, 100,000
 * by default; the README's figures are for 1,000,000), over real HTTP, and how soon a recorded ticket is found. The tickets are made by
 * {@link Ticket}'s own recording and lifecycle code and written in bulk in the shape {@code DocumentStore} writes (their
 * events count as published); their recording times spread over a year, across 200 customers, mostly closed. After a
 * warm-up, each query shape (lists, word searches, a page reached by cursor) is requested sequentially by one client
 * and p50/p95/p99/max are reported with the seeding time; on the local stack, the freshness of the search follows
 * ({@code bench.fresh} tickets recorded, each listed by a word of its own until it is found).
 *
 * <p>Two ways to run it:
 * <ul>
 * <li><b>On the local stack</b> ({@code bench.stack}): the requests go through its gateway with a token of its auth
 * server ({@code bench.client}, default the demo {@code agent}). The tickets go into the stack's store
 * ({@code bench.store-uri}, database {@code intake}) with {@code -Dbench.seed-only=true} while the store runs alone:
 * tickets written behind intake's back reach its search index only when intake fills an empty index from the store
 * at start. Then the stack starts on that data and {@code -Dbench.seed=false} measures ({@code deploy/bench/README.md}
 * has the commands).</li>
 * <li><b>In process</b> (default): intake runs inside the benchmark against the local stack's store engine
 * (mongo-java-server with its H2 backend, opened with the local stack's settings, in a temporary file;
 * {@code bench.store=memory} for the test kit's memory backend) and the test kit's broker, with intake's SLA sweeper
 * slowed to once a day.</li>
 * </ul>
 *
 * <p>Lists answer from intake's search index and read the page's tickets from the store by {@code _id}.
 *
 * <p>Not part of {@code verify} (the name matches neither {@code *Test} nor {@code *IT}). System properties
 * {@code bench.tickets}, {@code bench.warmup}, {@code bench.requests} and {@code bench.shape-seconds} change the sizes;
 * a shape stops early when its time is up, and the report says how many requests it measured. The report is logged
 * and written to {@code intake-service/target/ticket-listing-benchmark.txt}.
 */
class TicketListingBenchmark {

    private static final Logger log = LoggerFactory.getLogger(TicketListingBenchmark.class);
    private static final int TICKETS = Integer.getInteger("bench.tickets", 100_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 50);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2_000);
    /** {@code h2} (the local stack's backend, default) or {@code memory} (the test kit's). */
    private static final String STORE = System.getProperty("bench.store", "h2");
    /** The local stack's gateway, e.g. {@code http://localhost:8080}; unset: in process. */
    private static final String STACK = System.getProperty("bench.stack");
    private static final int SHAPE_SECONDS = Integer.getInteger("bench.shape-seconds", 600);
    private static final int CUSTOMERS = 200;
    /** Pages of 100 followed by cursor before the deep cursor shape: past the 60,000 newest closed tickets. */
    private static final int CURSOR_PAGES = 600;
    private static final String DEEP_CURSOR = "(deep cursor)";
    private static final Duration REQUEST_SPACING = Duration.ofMillis(25);
    private static final String ISSUER = "http://localhost:8080";
    private static final int BATCH = 1_000;
    private static final Instant LATEST = Instant.parse("2026-11-24T16:00:00Z");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneId.of("Asia/Shanghai"));

    @Test
    void listsAndSearchesTheStoredTickets() throws Exception {
        if (STACK != null) {
            onTheLocalStack();
        } else {
            inProcess();
        }
    }

    private static void onTheLocalStack() throws Exception {
        String storeUri = System.getProperty("bench.store-uri", "mongodb://127.0.0.1:27017");
        // bench.seed=false measures again what an earlier run seeded
        double seedSeconds = Boolean.parseBoolean(System.getProperty("bench.seed", "true")) ? seed(storeUri) : Double.NaN;
        if (Boolean.getBoolean("bench.seed-only")) {
            log.info("Seeded {} tickets into {} in {} s", TICKETS, storeUri, seedSeconds);
            return;
        }
        Client client = new Client(STACK + "/api/v1/tickets", stackToken(System.getProperty("bench.client",
                "agent:agent-secret")));
        measure(client, String.format(Locale.ROOT, "stack: %s (gateway), store %s (the local stack's: mongo-java-server,"
                + " H2 backend)%n", STACK, storeUri), seedSeconds);
        freshness(Integer.getInteger("bench.fresh", 200));
    }

    /**
     * How soon a ticket is found by a word of what was reported: the demo engineer records tickets one after another
     * through the gateway, each with a word of its own in the symptom, and from its {@code 201} lists
     * {@code q=<word>} as often as the gateway lets one client (every 25 ms) until the ticket is in the list.
     */
    private static void freshness(int tickets) throws Exception {
        Client engineer = new Client(STACK + "/api/v1/tickets", stackToken("engineer-wang:engineer-wang-secret"));
        long[] lags = new long[tickets];
        for (int i = 0; i < tickets; i++) {
            String word = "fresh" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            engineer.record("""
                    {"channel":"INSPECTION","customerId":"acme","siteId":"acme-hq","assetIds":[],                    "when":{"occurredAt":"2026-11-25T09:30:00+08:00"},"who":{"reportedBy":"王工"},                    "where":{"location":"机房 A 排 3 号柜"},"what":{"symptom":"UPS 告警灯闪烁 %s"},                    "why":{"suspectedCause":"电池老化"},"how":{"discoveredHow":"巡检发现","impact":"LOW","urgency":"LOW"}}"""
                    .formatted(word));
            long recorded = System.nanoTime();
            long deadline = recorded + Duration.ofSeconds(30).toNanos();
            while (engineer.total("?q=" + word) != 1) {
                assertThat(System.nanoTime()).as("ticket with %s found within 30 s", word).isLessThan(deadline);
            }
            lags[i] = System.nanoTime() - recorded;
        }
        Arrays.sort(lags);
        String line = String.format(Locale.ROOT, "freshness: %d tickets recorded, found by a word of theirs after"
                + " p50 %.1f ms, p99 %.1f ms, max %.1f ms (listed every 25 ms)%n", tickets, percentile(lags, 50),
                percentile(lags, 99), lags[tickets - 1] / 1e6);
        log.info("Ticket listing benchmark: {}", line);
        Files.writeString(Path.of("target", "ticket-listing-benchmark.txt"), line, StandardOpenOption.APPEND);
    }

    private static void inProcess() throws Exception {
        Path dir = Files.createTempDirectory("yunwei-listing-bench");
        MongoServer store = new MongoServer("memory".equals(STORE) ? new MemoryBackend()
                // as the local stack's StoreServer opens its file
                : new H2Backend(new MVStore.Builder().fileName(dir.resolve("store.mv").toString()).cacheSize(256)
                        .autoCompactFillRate(0).open()));
        InetSocketAddress storeAddress = store.bind();
        String storeUri = "mongodb://127.0.0.1:" + storeAddress.getPort();
        // seeded before intake starts, as data already on disk would be; the relay's sweeps would otherwise contend
        double seedSeconds = seed(storeUri);
        KeyPair keys = rsa();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("yunwei"))));
        ConfigurableApplicationContext intake = new SpringApplicationBuilder(IntakeApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("benchmarkJwtDecoder", decoder))
                .properties(Map.of("server.port", "0",
                        "spring.mongodb.uri", storeUri,
                        "spring.kafka.bootstrap-servers", TestInfrastructure.get().kafkaBootstrapServers(),
                        "yunwei.sla.sweep-interval", "24h"))
                .run();
        try {
            int port = ((WebServerApplicationContext) intake).getWebServer().getPort();
            measure(new Client("http://127.0.0.1:" + port + "/api/v1/tickets", token((RSAPrivateKey) keys.getPrivate())),
                    String.format(Locale.ROOT, "in process: intake and mongo-java-server, %s backend%n", STORE),
                    seedSeconds);
        } finally {
            intake.close();
            store.shutdownNow();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static double seed(String storeUri) {
        long seedStart = System.nanoTime();
        try (MongoClient client = MongoClients.create(storeUri)) {
            seed(new MongoTemplate(client, "intake"), new SlaPolicy(null, null, null, null, null, null));
        }
        return (System.nanoTime() - seedStart) / 1e9;
    }

    private static void measure(Client client, String setting, double seedSeconds) throws Exception {
        StringBuilder report = new StringBuilder(setting);
        long stored = ((Number) JsonPath.read(client.get("?size=1"), "$.totalElements")).longValue();
        assertThat(stored).isGreaterThanOrEqualTo(TICKETS);
        report.append(Double.isNaN(seedSeconds)
                ? String.format(Locale.ROOT, "%d tickets stored, none seeded by this run%n", stored)
                : String.format(Locale.ROOT, "%d tickets stored, %d of them seeded in %.1f s (%.0f tickets/s, bulk inserts"
                        + " of %d)%n", stored, TICKETS, seedSeconds, TICKETS / seedSeconds, BATCH));
        report.append(String.format(Locale.ROOT, "requests: %d warm-up then up to %d measured per shape (at most %d s"
                + " each), one client, sequential, at most 40/s (the gateway's limit per client is 50/s), over HTTP/1.1%n",
                WARMUP, REQUESTS, SHAPE_SECONDS));
        report.append(String.format(Locale.ROOT, "%-50s %7s %6s %6s %8s %8s %8s %8s %7s%n", "shape", "total", "n", "failed",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s"));
        for (Map.Entry<String, String> shape : shapes().entrySet()) {
            if (shape.getValue().equals(DEEP_CURSOR)) {
                // last, on a warm stack: the cursor a client holds after following the list that far
                long walkStart = System.nanoTime();
                String deep = cursorAfter(client, "?status=CLOSED&size=100", CURSOR_PAGES);
                report.append(String.format(Locale.ROOT, "(cursor past the %,d newest closed tickets: %d pages of 100"
                        + " followed in %.1f s)%n", CURSOR_PAGES * 100, CURSOR_PAGES, (System.nanoTime() - walkStart) / 1e9));
                shape = Map.entry(shape.getKey(), "?status=CLOSED&size=20&cursor=" + deep);
            }
            for (int i = 0; i < WARMUP; i++) {
                client.status(shape.getValue());
            }
            long total = client.total(shape.getValue());
            long[] measured = new long[REQUESTS];
            int n = 0;
            int failed = 0;
            long started = System.nanoTime();
            long deadline = started + Duration.ofSeconds(SHAPE_SECONDS).toNanos();
            while (n < REQUESTS && System.nanoTime() < deadline) {
                pace();
                long start = System.nanoTime();
                // a refusal (the gateway's 504 when intake is slower than its timeout) counts with its time
                failed += client.unpacedStatus(shape.getValue()) == 200 ? 0 : 1;
                measured[n++] = System.nanoTime() - start;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] nanos = Arrays.copyOf(measured, n);
            Arrays.sort(nanos);
            report.append(String.format(Locale.ROOT, "%-50s %7d %6d %6d %8.1f %8.1f %8.1f %8.1f %7.2f%n", shape.getKey(),
                    total, n, failed, percentile(nanos, 50), percentile(nanos, 95), percentile(nanos, 99),
                    nanos[n - 1] / 1e6, n / seconds));
            log.info("Ticket listing benchmark, so far{}{}", System.lineSeparator(), report);
        }
        log.info("Ticket listing benchmark{}{}", System.lineSeparator(), report);
        Path out = Path.of("target", "ticket-listing-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    /** The cursor a client holds after following {@code pages} pages of the list from its first. */
    private static String cursorAfter(Client client, String list, int pages) throws Exception {
        String cursor = null;
        for (int i = 0; i < pages; i++) {
            cursor = JsonPath.read(client.get(list + (cursor == null ? "" : "&cursor=" + cursor)), "$.nextCursor");
            assertThat(cursor).as("a next page after page %d", i).isNotNull();
        }
        return cursor;
    }

    /** A token of the stack's auth server, by the client-credentials grant as integrators get theirs. */
    private static String stackToken(String client) throws Exception {
        String[] credentials = client.split(":", 2);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(STACK
                + "/oauth2/token")).header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("token from %s: %s", STACK, response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.access_token");
    }

    /** Typical lists of a call centre: the newest, by status, by customer, by priority, combined, and a deep page. */
    private static String encode(String q) {
        return java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, String> shapes() {
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("newest (no filter), page 0", "?size=20");
        shapes.put("status=OPEN, page 0", "?status=OPEN&size=20");
        shapes.put("customerId=bench-c042, page 0", "?customerId=bench-c042&size=20");
        shapes.put("priority=P1, page 0", "?priority=P1&size=20");
        shapes.put("customerId=bench-c042&status=CLOSED, page 0", "?customerId=bench-c042&status=CLOSED&size=20");
        shapes.put("status=CLOSED, deep page 3000 (offset 60,000)", "?status=CLOSED&page=3000&size=20");
        shapes.put("q=打印机 卡纸 (words), page 0", "?q=" + encode("打印机 卡纸") + "&size=20");
        shapes.put("q=port flapping&status=CLOSED, by relevance", "?q=" + encode("port flapping")
                + "&status=CLOSED&sort=relevance&size=20");
        shapes.put("q=告警 + facets status,priority, highlights", "?q=" + encode("告警") + "&facets=status,priority&size=20");
        shapes.put("status=CLOSED, cursor past 60,000 (size 20)", DEEP_CURSOR);
        return shapes;
    }

    private static double percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /**
     * Records tickets as the service does and moves most of them along their life with the events other services
     * would send, then writes them as the document store writes a new document whose outbox was published.
     */
    private static void seed(MongoTemplate mongo, SlaPolicy policy) {
        Random random = new Random(2026);
        Map<String, Integer> perDay = new HashMap<>();
        long spacing = Duration.ofDays(365).toMillis() / TICKETS;
        List<Document> batch = new ArrayList<>(BATCH);
        Instant seededAt = Instant.now();
        String lastOpen = null;
        // the indexes exist before the data, as for a service that has been running: building them over 100,000
        // stored documents at intake's start made the H2 backend fail to find a chunk of its file
        new MongoPersistentEntityIndexResolver(mongo.getConverter().getMappingContext()).resolveIndexFor(Ticket.class)
                .forEach(index -> mongo.indexOps(Ticket.class).createIndex(index));
        for (int i = 0; i < TICKETS; i++) {
            Instant at = LATEST.minusMillis(i * spacing + random.nextLong(spacing));
            String day = DAY.format(at);
            String number = "YW-%s-%05d".formatted(day, perDay.merge(day, 1, Integer::sum));
            int kind = random.nextInt(100);
            String customer = "bench-c%03d".formatted(random.nextInt(CUSTOMERS));
            Channel channel = kind < 2 ? Channel.CUSTOMER_CALL : random.nextBoolean() ? Channel.INTEGRATION : Channel.INSPECTION;
            String duplicateOf = kind >= 2 && kind < 4 && lastOpen != null ? lastOpen : null;
            Ticket ticket = Ticket.record(UUID.randomUUID().toString(), number, new Recording(channel, customer, "hq", "310115",
                    List.of("asset-" + random.nextInt(20_000)), List.of("UPS"), null, new Reporter("王工", "13800000000", null),
                    fault(random), "bench-agent", channel == Channel.CUSTOMER_CALL ? Boolean.TRUE : null, List.of(),
                    duplicateOf, SlaPolicy.Terms.NONE, null), at, policy);
            if (kind >= 4 && kind < 12) {
                lastOpen = ticket.id();
            } else if (kind >= 12 && kind < 15) {
                follow(ticket, "dispatch.events", InboundEvents.DISPATCH_ASSIGNED, 1, "{\"engineerId\":\"eng-%d\"}"
                        .formatted(random.nextInt(50)), at.plusSeconds(300), policy);
            } else if (kind >= 15 && kind < 20) {
                ticket.cancel("客户已自行解决", "bench-agent", at.plusSeconds(600));
            } else if (kind >= 20) {
                follow(ticket, "dispatch.events", InboundEvents.DISPATCH_ASSIGNED, 1, "{\"engineerId\":\"eng-%d\"}"
                        .formatted(random.nextInt(50)), at.plusSeconds(300), policy);
                follow(ticket, "field.events", InboundEvents.VISIT_COMPLETED, 1, "{\"outcome\":\"RESOLVED\","
                        + "\"serviceFormSigned\":true,\"completedAt\":\"%s\"}".formatted(at.plusSeconds(7200)),
                        at.plusSeconds(7200), policy);
            }
            // as a running service leaves them: whatever fell due has been warned about or breached by its sweeper
            ticket.checkSla(seededAt, policy);
            Document state = new Document();
            mongo.getConverter().write(ticket, state);
            state.put("version", 1L);
            state.put("outbox", List.of());
            batch.add(state);
            if (batch.size() == BATCH) {
                mongo.getCollection("tickets").insertMany(batch);
                batch = new ArrayList<>(BATCH);
                if ((i + 1) % 10_000 == 0) {
                    log.info("Seeded {} tickets", i + 1);
                }
            }
        }
        if (!batch.isEmpty()) {
            mongo.getCollection("tickets").insertMany(batch);
        }
    }

    private static void follow(Ticket ticket, String topic, String type, long sequence, String data, Instant at,
            SlaPolicy policy) {
        InboundEvent event = new InboundEvent(UUID.randomUUID().toString(), type, "/yunwei/bench", ticket.id(), sequence,
                at, topic, data);
        ticket.follow(event, at, policy);
        ticket.markConsumed(event);
    }

    /** What callers report, in their words: a search for one of them matches a twelfth of the tickets or fewer. */
    private static final List<String> SYMPTOMS = List.of("UPS 告警灯闪烁", "二楼财务室打印机卡纸", "交换机端口指示灯不亮",
            "服务器风扇噪音大", "硬盘阵列降级告警", "Printer jams on every page", "空调漏水滴到机柜",
            "Switch port flapping, link down", "投影仪没有信号", "门禁读卡器无反应", "NAS volume read-only",
            "监控录像机硬盘满");
    private static final List<String> LOCATIONS = List.of("机房 A 排 3 号柜", "二楼财务室", "三楼会议室", "一楼前台",
            "Data centre row B", "档案室");

    private static FaultRecord fault(Random random) {
        Level[] levels = Level.values();
        return new FaultRecord(new FaultRecord.When(Instant.parse("2026-11-25T01:30:00Z")),
                new FaultRecord.Who("王工", "财务部"),
                new FaultRecord.Where(LOCATIONS.get(random.nextInt(LOCATIONS.size()))),
                new FaultRecord.What(SYMPTOMS.get(random.nextInt(SYMPTOMS.size())),
                        List.of("E%02d".formatted(random.nextInt(100)))), new FaultRecord.Why("电池老化"),
                new FaultRecord.How("巡检发现", levels[random.nextInt(levels.length)], levels[random.nextInt(levels.length)]));
    }

    private static String token(RSAPrivateKey key) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("bench-agent")
                .issuer(ISSUER).audience("yunwei").claim("roles", List.of("AGENT")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(6)))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** When the next request may start: the gateway allows one client 50 requests a second. */
    private static long nextRequestAt;

    private static synchronized void pace() throws InterruptedException {
        long now = System.nanoTime();
        if (now < nextRequestAt) {
            Thread.sleep(Duration.ofNanos(nextRequestAt - now));
        }
        nextRequestAt = Math.max(now, nextRequestAt) + REQUEST_SPACING.toNanos();
    }

    /** One HTTP/1.1 client, as an integrator's list screen would be, at most 40 requests a second. */
    private record Client(String base, String token, HttpClient http) {

        Client(String base, String token) {
            this(base, token, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        int status(String query) throws Exception {
            pace();
            return unpacedStatus(query);
        }

        /** For a measured request: the caller paces before it starts the clock. */
        int unpacedStatus(String query) throws Exception {
            return http.send(request(query), HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        void record(String ticket) throws Exception {
            pace();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base)).header("Authorization",
                    "Bearer " + token).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(ticket)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }

        /** How many tickets the shape matches, or -1 when the request was refused. */
        long total(String query) throws Exception {
            pace();
            HttpResponse<String> response = http.send(request(query), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? ((Number) JsonPath.read(response.body(), "$.totalElements")).longValue() : -1;
        }

        String get(String query) throws Exception {
            pace();
            HttpResponse<String> response = http.send(request(query), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + query + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }

        private HttpRequest request(String query) {
            return HttpRequest.newBuilder(URI.create(base + query)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(120)).GET().build();
        }
    }
}
