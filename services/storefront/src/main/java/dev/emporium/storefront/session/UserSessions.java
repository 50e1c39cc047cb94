package dev.emporium.storefront.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.databind.json.JsonMapper;

/** Hands each request its one {@link UserSession}, to controllers as a method parameter and to the layout. */
@Component
public class UserSessions implements HandlerMethodArgumentResolver {

    private static final String ATTRIBUTE = UserSession.class.getName();

    private final SessionCookies cookies;

    private final AuthClient auth;

    private final JsonMapper json;

    UserSessions(SessionCookies cookies, AuthClient auth, JsonMapper json) {
        this.cookies = cookies;
        this.auth = auth;
        this.json = json;
    }

    public UserSession of(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(ATTRIBUTE) instanceof UserSession session) {
            return session;
        }
        UserSession session = new UserSession(request, response, this.cookies, this.auth, this.json);
        request.setAttribute(ATTRIBUTE, session);
        return session;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == UserSession.class;
    }

    @Override
    public UserSession resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
        if (request == null || response == null) {
            throw new IllegalStateException("UserSession needs a servlet request");
        }
        return of(request, response);
    }
}
