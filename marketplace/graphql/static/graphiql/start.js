// Mounts GraphiQL on /graphql/. Every request goes to the same URL with the headers typed in the
// Headers tab (e.g. {"Authorization": "Bearer <token>"}).
(function () {
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  ReactDOM.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      headerEditorEnabled: true,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: true,
    }),
    document.getElementById("graphiql")
  );
})();
