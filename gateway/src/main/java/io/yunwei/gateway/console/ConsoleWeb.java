package io.yunwei.gateway.console;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console speaks Simplified Chinese or English: the browser's language first, then the one the person chose
 * ({@code ?lang=zh-CN} or {@code ?lang=en}), remembered in a cookie.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWeb implements WebMvcConfigurer {

    static final List<Locale> LANGUAGES = List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH);

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("YUNWEI_LANG");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        resolver.setDefaultLocaleFunction(request -> {
            for (var languages = request.getLocales(); languages.hasMoreElements();) {
                Locale wanted = languages.nextElement();
                for (Locale language : LANGUAGES) {
                    if (language.getLanguage().equals(wanted.getLanguage())) {
                        return language;
                    }
                }
            }
            return Locale.ENGLISH;
        });
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor languageChoice = new LocaleChangeInterceptor();
        languageChoice.setParamName("lang");
        languageChoice.setIgnoreInvalidLocale(true);
        registry.addInterceptor(languageChoice).addPathPatterns("/", "/desk/**", "/desk", "/board/**", "/board",
                "/supervisor/**", "/supervisor", "/field/**", "/field", "/portal/**", "/portal", "/signed-out");
    }
}
