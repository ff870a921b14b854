package io.yunwei.gateway.console;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.filter.FormFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The gateway's {@link FormFilter} hides a form's fields from the request's parameters, so that a proxied form post
 * is sent on with its body and not its fields twice. The console's own pages are not proxied: for them the fields are
 * read back from the body the filter rebuilt.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleForms {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> consoleFormFields() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            private final FormHttpMessageConverter forms = new FormHttpMessageConverter();

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String type = request.getContentType();
                if (!"POST".equals(request.getMethod()) || type == null
                        || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                    chain.doFilter(request, response);
                    return;
                }
                // the body itself: ServletServerHttpRequest would rebuild it from the (now hidden) parameters
                HttpHeaders headers = new HttpHeaders();
                headers.setContentType(MediaType.parseMediaType(type));
                jakarta.servlet.ServletInputStream body = request.getInputStream();
                MultiValueMap<String, String> fields = forms.read(null, new HttpInputMessage() {
                    @Override
                    public java.io.InputStream getBody() {
                        return body;
                    }

                    @Override
                    public HttpHeaders getHeaders() {
                        return headers;
                    }
                });
                chain.doFilter(new WithFields(request, fields), response);
            }
        });
        registration.addUrlPatterns("/desk/*", "/board/*", "/supervisor/*", "/field/*", "/portal/*");
        registration.setOrder(FormFilter.FORM_FILTER_ORDER + 1);
        return registration;
    }

    /** A request whose parameters are its query's and its form's. */
    private static final class WithFields extends HttpServletRequestWrapper {

        private final Map<String, String[]> parameters = new LinkedHashMap<>();

        WithFields(HttpServletRequest request, MultiValueMap<String, String> fields) {
            super(request);
            parameters.putAll(request.getParameterMap());
            fields.forEach((name, values) -> parameters.merge(name, values.toArray(String[]::new), (a, b) -> {
                String[] both = java.util.Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, both, a.length, b.length);
                return both;
            }));
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Collections.unmodifiableMap(parameters);
        }

        @Override
        public java.util.Enumeration<String> getParameterNames() {
            return Collections.enumeration(List.copyOf(parameters.keySet()));
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }
    }
}
