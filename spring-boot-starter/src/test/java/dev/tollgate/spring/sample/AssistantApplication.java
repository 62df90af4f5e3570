package dev.tollgate.spring.sample;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring AI application as its developers write it: Spring AI's OpenAI starter, a service on
 * {@code ChatClient} and {@code EmbeddingModel}, properties. It names no Tollgate type; the
 * starter on its classpath governs every call.
 */
@SpringBootApplication
public class AssistantApplication {}
