package io.yunwei.chassis.testkit;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * One row of a service's table of who may write what: an operation named as it is mapped
 * ({@code "PUT /api/v1/engineers/{id}/availability"}), a role that may not call it, a role that may, and the status
 * the latter gets for a body that cannot be read (400, or 404 when the operation takes no body).
 */
public record WriteOperation(String operation, String deniedRole, String allowedRole, int allowedStatus,
        boolean multipart) {

    private static final Set<RequestMethod> WRITES = Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
            RequestMethod.DELETE);

    public static WriteOperation of(String operation, String deniedRole, String allowedRole, int allowedStatus) {
        return new WriteOperation(operation, deniedRole, allowedRole, allowedStatus, false);
    }

    /** The same row for a multipart upload, whose unreadable body is not multipart. */
    public WriteOperation upload() {
        return new WriteOperation(operation, deniedRole, allowedRole, allowedStatus, true);
    }

    /** The operation on ids that do not exist, with a body that is not JSON (for an upload, not multipart). */
    public MockHttpServletRequestBuilder withUnreadableBody() {
        String[] methodAndPath = operation.split(" ", 2);
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(HttpMethod.valueOf(methodAndPath[0]),
                methodAndPath[1].replaceAll("\\{[^}]+}", "no-such-id"));
        return multipart ? request.contentType("multipart/form-data; boundary=b0undary").content("not multipart")
                : request.contentType(MediaType.APPLICATION_JSON).content("{\"truncated\":");
    }

    /** Every operation of the service's API ({@code /api/**}) mapped to POST, PUT, PATCH or DELETE, or to any method. */
    public static Set<String> mapped(ApplicationContext context) {
        Set<String> operations = new TreeSet<>();
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().keySet()
                .forEach(info -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    (methods.isEmpty() ? WRITES.stream() : methods.stream().filter(WRITES::contains)).forEach(
                            method -> info.getPatternValues().stream().filter(path -> path.startsWith("/api/"))
                                    .forEach(path -> operations.add(method + " " + path)));
                });
        return operations;
    }

    @Override
    public String toString() {
        return operation + " (" + deniedRole + " refused, " + allowedRole + " allowed)";
    }
}
