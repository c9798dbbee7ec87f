// Starts Swagger UI at /api/docs (a file, not an inline script: the page's Content-Security-Policy allows only 'self').
window.addEventListener('load', function () {
  var container = document.getElementById('swagger-ui-container');
  var config = { url: container.dataset.specUrl, dom_id: '#swagger-ui-container' };
  var overrides = JSON.parse(container.dataset.config || '{}');
  for (var name in overrides) config[name] = overrides[name];
  window.ui = SwaggerUIBundle(config);
});
