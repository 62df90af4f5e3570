package dev.tollgate.langchain4j;

import dev.langchain4j.http.client.FormDataFile;
import dev.langchain4j.http.client.HttpRequest;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Translates LangChain4j's requests into OkHttp's, headers and body as LangChain4j built them. */
final class OkHttpRequests {

  private static final MediaType JSON = MediaType.get("application/json");

  private OkHttpRequests() {}

  static Request of(HttpRequest request) {
    boolean multipart = !request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty();
    Request.Builder builder = new Request.Builder().url(request.url());
    String contentType = null;
    for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
      if (header.getValue() == null) {
        continue;
      }
      if (header.getKey().equalsIgnoreCase("Content-Type")) {
        // The body carries the content type; a multipart body brings its own boundary.
        contentType = header.getValue().isEmpty() ? null : header.getValue().get(0);
        continue;
      }
      header.getValue().forEach(value -> builder.addHeader(header.getKey(), value));
    }
    RequestBody body = multipart ? multipart(request) : body(request.body(), contentType);
    switch (request.method()) {
      case GET -> builder.get();
      case POST -> builder.post(body != null ? body : RequestBody.create(new byte[0], null));
      case DELETE -> builder.delete(body);
    }
    return builder.build();
  }

  private static RequestBody body(String body, String contentType) {
    if (body == null) {
      return null;
    }
    MediaType type = contentType == null ? null : MediaType.parse(contentType);
    return RequestBody.create(body, type != null ? type : JSON);
  }

  private static RequestBody multipart(HttpRequest request) {
    MultipartBody.Builder builder = new MultipartBody.Builder().setType(MultipartBody.FORM);
    request.formDataFields().forEach(builder::addFormDataPart);
    for (Map.Entry<String, FormDataFile> part : request.formDataFiles().entrySet()) {
      FormDataFile file = part.getValue();
      MediaType type = file.contentType() == null ? null : MediaType.parse(file.contentType());
      builder.addFormDataPart(part.getKey(), file.fileName(), RequestBody.create(file.content(), type));
    }
    return builder.build();
  }
}
