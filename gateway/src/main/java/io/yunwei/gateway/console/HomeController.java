package io.yunwei.gateway.console;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** Where a signed-in person starts, the page after signing out, and the page another role's page is refused with. */
@Controller
class HomeController {

    @GetMapping("/")
    String home(Authentication authentication) {
        return "redirect:" + ConsoleSecurity.home(authentication);
    }

    @GetMapping("/signed-out")
    String signedOut() {
        return "signed-out";
    }

    /** Another role's page (reached by a forward, with the 403 status already set, whatever the method). */
    @RequestMapping("/forbidden")
    String forbidden() {
        return "forbidden";
    }
}
