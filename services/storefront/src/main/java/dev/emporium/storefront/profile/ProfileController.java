package dev.emporium.storefront.profile;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.layout.PageNotFound;
import dev.emporium.storefront.session.LoginRequired;
import dev.emporium.storefront.session.UserSession;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The account page ({@code /account}): the email, the name and marketing opt-in, the saved addresses and a form to
 * add one; and each address's own page to edit it. Every form posts, changes the account through the API and
 * redirects (post/redirect/get) with {@code ?done=…}; a refusal renders the form again with the API's field errors
 * next to the fields.
 */
@Controller
class ProfileController {

    private static final String PAGE = "/account";

    /** The confirmations {@code ?done=} may ask for; anything else shows none. */
    private static final Map<String, String> NOTICES = Map.of(
            "profile", "Your profile was saved.",
            "added", "The address was added to your account.",
            "updated", "The address was updated.",
            "removed", "The address was deleted.",
            "default", "Your default address was changed.");

    private final ProfileClient profiles;

    ProfileController(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @GetMapping(PAGE)
    String account(@RequestParam(name = "done", required = false) @Nullable String done, UserSession session,
            Model model) {
        Profile profile = session.call(this.profiles::profile);
        model.addAttribute("notice", done == null ? null : NOTICES.get(done));
        return page(model, profile, profile.name(), profile.marketingOptIn(), Map.of(), AddressForm.blank(), Map.of(),
                null);
    }

    @PostMapping(PAGE + "/profile")
    String saveProfile(@RequestParam(name = "name", defaultValue = "") String name,
            @RequestParam(name = "marketingOptIn", defaultValue = "false") boolean marketingOptIn, UserSession session,
            Model model, HttpServletResponse response) {
        try {
            session.call(token -> this.profiles.update(token, name.strip(), marketingOptIn));
        }
        catch (LoginRequired ex) {
            throw new LoginRequired(PAGE);
        }
        catch (ApiProblem problem) {
            if (problem.status() != 400) {
                throw problem;
            }
            response.setStatus(problem.status());
            Profile profile = session.call(this.profiles::profile);
            return page(model, profile, name, marketingOptIn, problem.fieldMessages(), AddressForm.blank(), Map.of(),
                    alert(problem));
        }
        // The header greets by the access token's name claim: new tokens carry the new name.
        session.renew();
        return "redirect:" + PAGE + "?done=profile";
    }

    @PostMapping(PAGE + "/addresses")
    String addAddress(@ModelAttribute AddressForm form, UserSession session, Model model,
            HttpServletResponse response) {
        try {
            session.call(token -> this.profiles.add(token, form.fields()));
        }
        catch (LoginRequired ex) {
            throw new LoginRequired(PAGE);
        }
        catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409) {
                throw problem;
            }
            response.setStatus(problem.status());
            Profile profile = session.call(this.profiles::profile);
            return page(model, profile, profile.name(), profile.marketingOptIn(), Map.of(), form,
                    problem.fieldMessages(), alert(problem));
        }
        return "redirect:" + PAGE + "?done=added";
    }

    @GetMapping(PAGE + "/addresses/{id}")
    String editAddress(@PathVariable String id, UserSession session, Model model) {
        SavedAddress address = session.call(token -> this.profiles.address(token, id)).orElseThrow(ProfileController::unknown);
        return addressPage(model, id, AddressForm.of(address), Map.of(), null);
    }

    @PostMapping(PAGE + "/addresses/{id}")
    String saveAddress(@PathVariable String id, @ModelAttribute AddressForm form, UserSession session, Model model,
            HttpServletResponse response) {
        try {
            session.call(token -> this.profiles.replace(token, id, form.fields()));
        }
        catch (LoginRequired ex) {
            throw new LoginRequired(addressPath(id));
        }
        catch (ApiProblem problem) {
            if (problem.isNotFound()) {
                throw unknown();
            }
            if (problem.status() != 400) {
                throw problem;
            }
            response.setStatus(problem.status());
            return addressPage(model, id, form, problem.fieldMessages(), alert(problem));
        }
        return "redirect:" + PAGE + "?done=updated";
    }

    @PostMapping(PAGE + "/addresses/{id}/delete")
    String deleteAddress(@PathVariable String id, UserSession session) {
        try {
            session.call(token -> {
                this.profiles.remove(token, id);
                return true;
            });
        }
        catch (LoginRequired ex) {
            throw new LoginRequired(PAGE);
        }
        return "redirect:" + PAGE + "?done=removed";
    }

    @PostMapping(PAGE + "/addresses/{id}/default")
    String makeDefault(@PathVariable String id, UserSession session) {
        try {
            session.call(token -> this.profiles.makeDefault(token, id));
        }
        catch (LoginRequired ex) {
            throw new LoginRequired(PAGE);
        }
        catch (ApiProblem problem) {
            if (problem.isNotFound() || problem.status() == 400) {
                throw unknown();
            }
            throw problem;
        }
        return "redirect:" + PAGE + "?done=default";
    }

    private static String page(Model model, Profile profile, String name, boolean marketingOptIn,
            Map<String, String> profileErrors, AddressForm address, Map<String, String> addressErrors,
            @Nullable String alert) {
        model.addAttribute("profile", profile);
        model.addAttribute("name", name);
        model.addAttribute("marketingOptIn", marketingOptIn);
        model.addAttribute("profileErrors", profileErrors);
        model.addAttribute("address", address);
        model.addAttribute("addressErrors", addressErrors);
        model.addAttribute("countries", Countries.ALL);
        model.addAttribute("maxAddresses", Profile.MAX_ADDRESSES);
        model.addAttribute("alert", alert);
        return "account";
    }

    private static String addressPage(Model model, String id, AddressForm address, Map<String, String> errors,
            @Nullable String alert) {
        model.addAttribute("addressId", id);
        model.addAttribute("address", address);
        model.addAttribute("addressErrors", errors);
        model.addAttribute("countries", Countries.ALL);
        model.addAttribute("alert", alert);
        return "account-address";
    }

    /** The API's sentence when it named no field of the form (e.g. too many addresses), a pointer to them otherwise. */
    private static String alert(ApiProblem problem) {
        return problem.fieldMessages().isEmpty() ? problem.message() : "Please check the highlighted fields.";
    }

    private static String addressPath(String id) {
        return PAGE + "/addresses/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
    }

    private static PageNotFound unknown() {
        return new PageNotFound("We couldn't find that address in your account.");
    }
}
