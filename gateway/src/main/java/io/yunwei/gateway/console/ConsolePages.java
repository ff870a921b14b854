package io.yunwei.gateway.console;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** What every console page shows around its content: who is signed in, the pages their roles open. */
@ControllerAdvice(assignableTypes = {DeskController.class, TicketFinder.class, BoardController.class,
        SupervisorController.class, HomeController.class, FieldController.class, PortalController.class})
class ConsolePages {

    /** A link of the navigation: the page, its label's message key, and whether it is the page shown. */
    record Page(String path, String label, boolean current) {
    }

    private final ApiProblems problems;

    ConsolePages(MessageSource messages) {
        this.problems = new ApiProblems(messages);
    }

    @ModelAttribute
    void around(Model model, Authentication authentication, HttpServletRequest request) {
        if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
            model.addAttribute("navigation", List.of());
            return;
        }
        model.addAttribute("userName", user.getSubject());
        String path = request.getRequestURI();
        List<String> roles = authentication.getAuthorities().stream().map(a -> a.getAuthority()).toList();
        model.addAttribute("navigation", List.of(
                        new Page("/desk", "nav.desk", roles.contains("ROLE_AGENT") || roles.contains("ROLE_ADMIN")),
                        new Page("/board", "nav.board", roles.contains("ROLE_DISPATCHER") || roles.contains("ROLE_ADMIN")),
                        new Page("/supervisor", "nav.supervisor",
                                roles.contains("ROLE_SUPERVISOR") || roles.contains("ROLE_ADMIN")),
                        new Page("/field", "nav.field", roles.contains("ROLE_ENGINEER")),
                        new Page("/portal", "nav.portal", roles.contains("ROLE_CUSTOMER")))
                .stream().filter(Page::current)
                .map(page -> new Page(page.path(), page.label(), path.startsWith(page.path())))
                .toList());
    }

    /** The API refused what a page needed to show (a ticket that is not there, say): its problem, in the page's words. */
    @ExceptionHandler(Refused.class)
    String refused(Refused refused, Model model, HttpServletResponse response, Locale locale) {
        response.setStatus(refused.answer().status());
        model.addAttribute("general", problems.show(refused.answer(), locale).general());
        return "problem";
    }

    static final class Refused extends RuntimeException {

        private final transient ConsoleApi.Answer answer;

        Refused(ConsoleApi.Answer answer) {
            super("The API answered " + answer.status(), null, false, false);
            this.answer = answer;
        }

        ConsoleApi.Answer answer() {
            return answer;
        }
    }
}
