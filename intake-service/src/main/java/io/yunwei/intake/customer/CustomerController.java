package io.yunwei.intake.customer;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.idempotency.IdempotentCreates;
import io.yunwei.intake.customer.Customer.AccessRules;
import io.yunwei.intake.customer.Customer.Contact;
import io.yunwei.intake.customer.Customer.Contract;
import io.yunwei.intake.customer.Customer.Site;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@Validated
class CustomerController {

    static final String ID = "^[a-z0-9][a-z0-9-]{1,62}$";

    private final CustomerDirectory directory;
    private final IdempotentCreates idempotentCreates;
    private final Clock clock;

    CustomerController(CustomerDirectory directory, IdempotentCreates idempotentCreates, Clock clock) {
        this.directory = directory;
        this.idempotentCreates = idempotentCreates;
        this.clock = clock;
    }

    @PostMapping("/api/v1/customers")
    @ApiResponse(responseCode = "201", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = CustomerView.class)))
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    ResponseEntity<byte[]> create(@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody NewCustomer request) {
        return idempotentCreates.respond(key, request,
                () -> ResponseEntity.status(HttpStatus.CREATED).body(view(directory.create(request.id(), request.name()))));
    }

    /**
     * Finds customers by a part of their id or name, for a desk that picks the customer of a call; a customer sees
     * only itself.
     */
    @GetMapping("/api/v1/customers")
    @PreAuthorize("hasAnyRole('AGENT', 'DISPATCHER', 'SUPERVISOR', 'ADMIN', 'CUSTOMER')")
    CustomerList search(@RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Actor actor = Actor.current().orElseThrow();
        CustomerDirectory.CustomerPage found = directory.search(q,
                actor.hasRole("CUSTOMER") ? String.valueOf(actor.customerId()) : null, page, size);
        List<CustomerSummary> content = found.customers().stream().map(customer -> new CustomerSummary(customer.id(),
                customer.name(), customer.sites().stream().map(site -> new SiteSummary(site.id(), site.name())).toList()))
                .toList();
        return new CustomerList(content, page, size, found.total(), (int) ((found.total() + size - 1) / size));
    }

    /** A customer as a search lists it: enough to pick it and its site. */
    record CustomerSummary(String id, String name, List<SiteSummary> sites) {
    }

    record SiteSummary(String id, String name) {
    }

    /** A page of customers, as every list answers. */
    record CustomerList(List<CustomerSummary> content, int page, int size, long totalElements, int totalPages) {
    }

    @GetMapping("/api/v1/customers/{id}")
    @PreAuthorize("hasAnyRole('AGENT', 'DISPATCHER', 'SUPERVISOR', 'ADMIN', 'CUSTOMER')")
    CustomerView get(@PathVariable String id) {
        Actor actor = Actor.current().orElseThrow();
        if (actor.hasRole("CUSTOMER") && !id.equals(actor.customerId())) {
            throw new DocumentNotFoundException(Customer.class, id);
        }
        return view(directory.existing(id));
    }

    @PostMapping("/api/v1/customers/{id}/sites")
    @ApiResponse(responseCode = "201", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Site.class)))
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    ResponseEntity<byte[]> addSite(@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @PathVariable String id, @Valid @RequestBody NewSite request) {
        AccessRules rules = request.accessRules() == null ? new AccessRules(false, false, false, null) : request.accessRules();
        return idempotentCreates.respond(key, request,
                siteId -> created(directory.addSite(id, new Site(request.id() == null ? siteId : request.id(),
                        request.name(), request.address(), request.areaCode(), rules, request.location()))),
                siteId -> directory.customer(id).flatMap(customer -> customer.site(request.id() == null ? siteId
                        : request.id())).map(CustomerController::created));
    }

    @PostMapping("/api/v1/customers/{id}/contacts")
    @ApiResponse(responseCode = "201", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Contact.class)))
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    ResponseEntity<byte[]> addContact(@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @PathVariable String id, @Valid @RequestBody NewContact request) {
        return idempotentCreates.respond(key, request,
                contactId -> created(directory.addContact(id,
                        new Contact(contactId, request.name(), request.phone(), request.email()))),
                contactId -> directory.customer(id).flatMap(customer -> customer.contacts().stream()
                        .filter(contact -> contact.id().equals(contactId)).findFirst()).map(CustomerController::created));
    }

    private static <T> ResponseEntity<T> created(T body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @PostMapping("/api/v1/assets")
    @ApiResponse(responseCode = "201", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Asset.class)))
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    ResponseEntity<byte[]> addAsset(@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody NewAsset request) {
        return idempotentCreates.respond(key, request,
                id -> created(directory.addAsset(new Asset(
                        request.id() == null ? id : request.id(), request.customerId(), request.siteId(),
                        request.category(), request.model(), request.serialNumber(), request.location(),
                        request.attributes(), clock.instant(), clock.instant()))),
                id -> directory.asset(request.id() == null ? id : request.id()).map(CustomerController::created));
    }

    @PutMapping("/api/v1/customers/{id}/contract")
    @PreAuthorize("hasAnyRole('AGENT', 'SUPERVISOR', 'ADMIN')")
    Contract putContract(@PathVariable String id, @Valid @RequestBody ContractBody request) {
        return directory.putContract(id, new Contract(List.copyOf(request.coveredCategories()), request.slaTier(),
                request.expiresAt().toInstant(), request.businessCalendar(), clock.instant()));
    }

    private CustomerView view(Customer customer) {
        return new CustomerView(customer.id(), customer.name(), customer.sites(), customer.contacts(),
                customer.contract().orElse(null), directory.assetsOf(customer.id()));
    }

    record NewCustomer(@Pattern(regexp = ID) String id, @NotBlank @Size(max = 200) String name) {
    }

    record NewSite(@Pattern(regexp = ID) String id, @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 500) String address, @NotBlank @Size(max = 32) String areaCode,
            @Valid AccessRules accessRules, @Valid Customer.SiteLocation location) {
    }

    record NewContact(@NotBlank @Size(max = 100) String name, @NotBlank @Pattern(regexp = "^[+0-9 ()-]{3,32}$") String phone,
            @Email @Size(max = 200) String email) {
    }

    record NewAsset(@Pattern(regexp = ID) String id, @NotBlank @Size(max = 64) String customerId,
            @Size(max = 64) String siteId, @NotBlank @Size(max = 64) String category, @Size(max = 200) String model,
            @Size(max = 100) String serialNumber, @Size(max = 200) String location,
            @Size(max = 50) Map<@Pattern(regexp = CustomerDirectory.ATTRIBUTE_NAME) String, @Size(max = 500) String> attributes) {
    }

    record ContractBody(@NotNull @Size(max = 50) List<@NotBlank @Size(max = 64) String> coveredCategories,
            @NotBlank @Size(max = 32) String slaTier, @NotNull OffsetDateTime expiresAt,
            @Size(max = 64) String businessCalendar) {
    }

    record CustomerView(String id, String name, List<Site> sites, List<Contact> contacts, Contract contract,
            List<Asset> assets) {
    }
}
