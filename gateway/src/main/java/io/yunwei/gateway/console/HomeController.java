package io.yunwei.gateway.console;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Where a signed-in person starts, the page after signing out, and the pages of the console still to be built. */
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

    /** The pages of the console still to be built say so rather than pretending. */
    @GetMapping({"/field", "/portal"})
    String notYetBuilt(Model model) {
        return "not-yet";
    }
}
