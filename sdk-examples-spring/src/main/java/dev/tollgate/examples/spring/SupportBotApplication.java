package dev.tollgate.examples.spring;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring AI application as its team wrote it before Tollgate: {@code ChatClient} and
 * properties. Governed by adding {@code tollgate-spring-boot-starter} and the three
 * {@code tollgate.*} properties of {@code application.properties}; nothing here names Tollgate.
 *
 * <pre>
 * TOLLGATE_URL=http://localhost:8080 TOLLGATE_CLIENT_ID=tg_... TOLLGATE_CLIENT_SECRET=... \
 *   java -jar target/tollgate-sdk-examples-spring-*.jar "How do I reset my password?"
 * </pre>
 */
@SpringBootApplication
public class SupportBotApplication {

  public static void main(String[] args) {
    SpringApplication.run(SupportBotApplication.class, args);
  }

  /** Answers the question given on the command line and prints the answer. */
  @Bean
  CommandLineRunner answer(ChatClient.Builder chat) {
    return args -> {
      String question = args.length > 0 && !args[0].startsWith("--") ? args[0] : "How do I reset my password?";
      String answer = chat.build().prompt()
          .system("You are the support bot of a small shop. Answer in two sentences.")
          .user(question)
          .call()
          .content();
      System.out.println("Answer: " + answer);
    };
  }
}
