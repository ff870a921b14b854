package io.yunwei.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds the demo customers and engineers of the local stack through the public API, as an administrator
 * would. Seeding twice changes nothing: a customer that already exists keeps what it has.
 */
public final class DemoData {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoData() {
    }

    public static void seed(LocalStack stack) {
        String gateway = stack.gatewayUrl();
        String token = token(gateway, "admin");
        customer(gateway, token, "acme", "Acme Manufacturing 艾克美制造", """
                {"id":"acme-hq","name":"Acme HQ 总部机房","address":"上海市浦东新区张江路 88 号 3 楼","areaCode":"310115",
                 "location":{"latitude":31.2035,"longitude":121.5905},
                 "accessRules":{"registrationRequired":true,"shoeCovers":true,"antiStatic":true,"notes":"进入机房需前台登记"}}""",
                """
                {"name":"张伟","phone":"+86 138 0000 0001","email":"zhang.wei@acme.example"}""",
                """
                {"id":"acme-ups-01","customerId":"acme","siteId":"acme-hq","category":"UPS","model":"APC Smart-UPS 3000",
                 "serialNumber":"AS1234567","location":"机房 A 排 3 号柜"}""",
                """
                {"id":"acme-prn-01","customerId":"acme","siteId":"acme-hq","category":"PRINTER","model":"HP LaserJet M607",
                 "serialNumber":"PHB8801234","location":"3 楼财务部"}""",
                """
                {"id":"acme-srv-01","customerId":"acme","siteId":"acme-hq","category":"SERVER","model":"Dell PowerEdge R750",
                 "serialNumber":"7XK2M93","location":"机房 A 排 5 号柜"}""");
        customer(gateway, token, "globex", "Globex Logistics 环球物流", """
                {"id":"globex-dc","name":"Globex 数据中心","address":"上海市浦东新区科苑路 399 号","areaCode":"310115",
                 "location":{"latitude":31.1985,"longitude":121.5990},
                 "accessRules":{"registrationRequired":true,"shoeCovers":false,"antiStatic":true,"notes":null}}""",
                """
                {"name":"Li Na 李娜","phone":"+86 139 0000 0002","email":"li.na@globex.example"}""",
                """
                {"id":"globex-sw-01","customerId":"globex","siteId":"globex-dc","category":"NETWORK","model":"Huawei S5735",
                 "serialNumber":"21980107","location":"核心机柜 2U"}""",
                """
                {"id":"globex-prn-01","customerId":"globex","siteId":"globex-dc","category":"PRINTER","model":"Canon iR-ADV C5535",
                 "serialNumber":"QLR04567","location":"1 楼前台"}""");
        create(gateway + "/api/v1/engineers", token, """
                {"id":"eng-wang","name":"王工 Wang Qiang","phone":"+86 137 0000 0003",
                 "skills":[{"category":"UPS","level":4},{"category":"SERVER","level":4},{"category":"PRINTER","level":3},
                           {"category":"NETWORK","level":2}],
                 "areas":["310115","310104"],"capacity":8}""");
        create(gateway + "/api/v1/engineers", token, """
                {"id":"eng-li","name":"李工 Li Ming","phone":"+86 136 0000 0004",
                 "skills":[{"category":"PRINTER","level":4},{"category":"NETWORK","level":4},{"category":"UPS","level":3},
                           {"category":"SERVER","level":2}],
                 "areas":["310115"],"capacity":8}""");
    }

    private static void customer(String gateway, String token, String id, String name, String site, String contact,
            String... assets) {
        boolean created = create(gateway + "/api/v1/customers", token,
                "{\"id\":\"%s\",\"name\":\"%s\"}".formatted(id, name));
        if (created) {
            create(gateway + "/api/v1/customers/" + id + "/sites", token, site);
            create(gateway + "/api/v1/customers/" + id + "/contacts", token, contact);
        }
        for (String asset : assets) {
            create(gateway + "/api/v1/assets", token, asset);
        }
    }

    /** Posts one record; true if it was created, false if it already existed. */
    private static boolean create(String url, String token, String json) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
        if (response.statusCode() == 201) {
            return true;
        }
        if (response.statusCode() == 409) {
            return false;
        }
        throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
    }

    static String token(String gateway, String client) {
        String basic = Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("no token for " + client + ": " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
