package dev.emporium.storefront.layout;

import dev.emporium.storefront.session.UserSessions;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The container's error page ({@code /error}) for failures outside Spring MVC's handlers (a filter, a view that
 * failed to render): always the shop's HTML error page, whatever the request accepted, instead of Boot's
 * Whitelabel page or JSON.
 */
@Controller
class ErrorPageController implements ErrorController {

    private final UserSessions sessions;

    ErrorPageController(UserSessions sessions) {
        this.sessions = sessions;
    }

    @RequestMapping("/error")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) {
        HttpStatus status = status(request);
        ModelAndView page = new ModelAndView("error");
        page.setStatus(status);
        page.addObject("status", status.value());
        if (status == HttpStatus.NOT_FOUND) {
            page.addObject("title", "Page not found");
            page.addObject("message", "We couldn't find the page you were looking for.");
        }
        else if (status.is4xxClientError()) {
            page.addObject("title", "That didn't work");
            page.addObject("message", "Something about that request wasn't right. Please go back and try again.");
        }
        else if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            page.addObject("title", "We're having trouble");
            page.addObject("message", "We're having trouble reaching our shop right now. Please try again in a moment.");
        }
        else {
            page.addObject("title", "Something went wrong");
            page.addObject("message", "Something went wrong on our side. Please try again; if it keeps happening, come back a little later.");
        }
        LayoutInterceptor.Account.addTo(page.getModelMap(), this.sessions.of(request, response));
        return page;
    }

    private static HttpStatus status(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            HttpStatus status = HttpStatus.resolve(code);
            if (status != null && status.isError()) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
