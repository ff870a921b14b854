package io.yunwei.chassis.security;

import java.util.Objects;
import java.util.Set;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.HandlerInterceptor;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Checks the roles an operation declares in its {@code @PreAuthorize} (on the method, else on its controller)
 * before Spring MVC resolves its arguments, so a caller whose role may not call it is refused (403) before its body
 * is read, converted or validated, instead of being told what is wrong with a request it had no right to make.
 * Method security checks the same annotation again when the method runs, so the annotation stays the one place that
 * names an operation's roles. That is also why a controller's {@code @PreAuthorize} names roles only and no method
 * parameter (there are no arguments yet): who owns what is the application service's check. A write operation
 * (POST, PUT, PATCH, DELETE) that declares no roles is refused to everyone.
 * <p>
 * Spring MVC would parse a multipart body before choosing the operation; the chassis has it resolved lazily
 * ({@code spring.servlet.multipart.resolve-lazily}) and parses it here once the roles are checked, so a caller who
 * may make the request gets the same answer to a broken multipart body as before, and one who may not never has it
 * parsed.
 */
final class RolesBeforeBodies implements HandlerInterceptor {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final PreAuthorizeAuthorizationManager roles = new PreAuthorizeAuthorizationManager();

    RolesBeforeBodies(ApplicationContext context, MethodSecurityExpressionHandler expressions) {
        if (expressions == null) {
            DefaultMethodSecurityExpressionHandler defaults = new DefaultMethodSecurityExpressionHandler();
            defaults.setApplicationContext(context);
            expressions = defaults;
        }
        roles.setExpressionHandler(expressions);
        roles.setApplicationContext(context);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // an error dispatch renders the failure of a request that was already let through
        if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod operation)) {
            return true;
        }
        Object controller = operation.getBean();
        Object target = Objects.requireNonNullElse(AopProxyUtils.getSingletonTarget(controller), controller);
        SimpleMethodInvocation invocation = new SimpleMethodInvocation(target, operation.getMethod(),
                new Object[operation.getMethod().getParameterCount()]);
        AuthorizationResult result = roles.authorize(SecurityContextHolder.getContext()::getAuthentication, invocation);
        if (result == null && WRITES.contains(request.getMethod())) {
            result = new AuthorizationDecision(false);
        }
        if (result != null && !result.isGranted()) {
            throw new AuthorizationDeniedException("Access Denied", result);
        }
        if (request instanceof MultipartHttpServletRequest upload) {
            upload.getMultiFileMap();
        }
        return true;
    }
}
