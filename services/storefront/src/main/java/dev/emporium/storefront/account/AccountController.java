package dev.emporium.storefront.account;

import java.util.Map;
import java.util.Optional;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.session.AuthClient;
import dev.emporium.storefront.session.NextPage;
import dev.emporium.storefront.session.Tokens;
import dev.emporium.storefront.session.UserSession;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Login, registration and logout. A successful login keeps the tokens in cookies (see {@code SessionCookies}) and
 * returns to {@code next}, which must be a path of this site (no open redirect).
 */
@Controller
class AccountController {

    private final AuthClient auth;

    AccountController(AuthClient auth) {
        this.auth = auth;
    }

    @GetMapping("/login")
    String loginForm(@RequestParam(name = "next", required = false) @Nullable String next, Model model) {
        return login(model, "", NextPage.safe(next), null);
    }

    @PostMapping("/login")
    String login(@RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "next", required = false) @Nullable String next, UserSession session, Model model,
            HttpServletResponse response) {
        String target = NextPage.safe(next);
        if (email.isBlank() || password.isEmpty()) {
            response.setStatus(400);
            return login(model, email, target, "Please enter your email and password.");
        }
        Optional<Tokens> tokens;
        try {
            tokens = this.auth.login(email.strip(), password);
        }
        catch (ApiProblem problem) {
            response.setStatus(problem.status());
            return login(model, email, target, problem.message());
        }
        if (tokens.isEmpty()) {
            response.setStatus(401);
            return login(model, email, target, "That email and password don't match an account. Please try again.");
        }
        session.start(tokens.get());
        return "redirect:" + target;
    }

    @GetMapping("/register")
    String registerForm(@RequestParam(name = "next", required = false) @Nullable String next, Model model) {
        return register(model, "", "", NextPage.safe(next), Map.of(), null);
    }

    @PostMapping("/register")
    String register(@RequestParam(name = "name", defaultValue = "") String name,
            @RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "next", required = false) @Nullable String next, UserSession session, Model model,
            HttpServletResponse response) {
        String target = NextPage.safe(next);
        try {
            this.auth.register(email.strip(), password, name.strip());
        }
        catch (ApiProblem problem) {
            response.setStatus(problem.status());
            Map<String, String> errors = problem.fieldMessages();
            String alert = problem.status() == 409
                    ? "An account with this email already exists. Log in instead, or use another email."
                    : errors.isEmpty() ? problem.message() : "Please check the highlighted fields.";
            return register(model, name, email, target, errors, alert);
        }
        Optional<Tokens> tokens = this.auth.login(email.strip(), password);
        if (tokens.isEmpty()) {
            return "redirect:/login?registered=1";
        }
        session.start(tokens.get());
        return "redirect:" + target;
    }

    @PostMapping("/logout")
    String logout(UserSession session) {
        session.end();
        return "redirect:/?loggedOut=1";
    }

    private static String login(Model model, String email, String next, @Nullable String alert) {
        model.addAttribute("email", email);
        model.addAttribute("next", next);
        model.addAttribute("alert", alert);
        return "login";
    }

    private static String register(Model model, String name, String email, String next, Map<String, String> errors,
            @Nullable String alert) {
        model.addAttribute("name", name);
        model.addAttribute("email", email);
        model.addAttribute("next", next);
        model.addAttribute("errors", errors);
        model.addAttribute("alert", alert);
        return "register";
    }
}
