/**
 * Rate limits in Spring MVC: the {@code 429 Too Many Requests} response and the IETF
 * {@code RateLimit-Policy} and {@code RateLimit} fields.
 */
@NullMarked
package dev.limiter.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
