package io.coterie.service;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code Coterie-Timeout} for every service: read on arrival, checked before the handler, given to handlers. */
@AutoConfiguration(after = ServiceSecurityConfiguration.class)
public class RequestDeadlineConfiguration {

    @Bean
    FilterRegistrationBean<RequestDeadlineFilter> requestDeadlineFilter(ProblemWriter problems) {
        FilterRegistrationBean<RequestDeadlineFilter> registration = new FilterRegistrationBean<>(new RequestDeadlineFilter(problems));
        // The clock starts when the request arrives, before security and body limits take their time.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    WebMvcConfigurer requestDeadlines(ProblemWriter problems) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new RequestDeadlineCheck(problems));
            }

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new HandlerMethodArgumentResolver() {
                    @Override
                    public boolean supportsParameter(MethodParameter parameter) {
                        return parameter.getParameterType() == RequestDeadline.class;
                    }

                    @Override
                    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                                  NativeWebRequest request, WebDataBinderFactory binders) {
                        return request.getAttribute(RequestDeadline.ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST) instanceof RequestDeadline d
                                ? d : RequestDeadline.unbounded();
                    }
                });
            }
        };
    }
}
