package dev.tollgate.spring.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.tool.annotation.Tool;

/** The weather tool, recording the call Spring AI made to it. */
public class WeatherTools {

  /** The unit, lower case as the tool's schema names it. */
  public enum Unit { celsius, fahrenheit }

  private static final ObjectMapper JSON = new ObjectMapper();
  private volatile String calledName;
  private volatile String calledArguments;

  /** The current weather in {@code city}. */
  @Tool(name = "get_weather", description = "The current weather in a city")
  public String getWeather(String city, Unit unit) throws Exception {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("city", city);
    args.put("unit", unit == null ? null : unit.name());
    calledName = "get_weather";
    calledArguments = JSON.writeValueAsString(args);
    return "{\"temperature\":21,\"unit\":\"celsius\"}";
  }

  String calledName() {
    return calledName;
  }

  String calledArguments() {
    return calledArguments;
  }
}
