// GraphiQL at /, bundled with React so the page needs nothing but this
// server. The Go page hands over the endpoint, the example tabs and a
// storage prefix in a JSON script element (#fundflow-config), so the
// bundle itself is the same for every deployment.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './page.css';

const config = JSON.parse(document.getElementById('fundflow-config').textContent);

// Saved state is kept under a prefix that changes with the example tabs,
// so an older version's saved tabs do not hide new examples.
const storage = {
  getItem: (k) => localStorage.getItem(config.storage + k),
  setItem: (k, v) => localStorage.setItem(config.storage + k, v),
  removeItem: (k) => localStorage.removeItem(config.storage + k),
  clear: () => {},
  get length() {
    return 0;
  },
};

// A link from another page (the flow explorer) may carry a query to open.
// On a first visit it opens as the first tab, before the questions. After
// that GraphiQL restores its saved tabs and ignores defaultTabs, so the
// query and variables props make it open (or reuse) a tab for the link.
const params = new URLSearchParams(location.search);
const linked = params.get('query');
const linkedVariables = params.get('variables') || undefined;
const tabs = linked ? [{ query: linked, variables: linkedVariables }, ...config.tabs] : config.tabs;
const link = linked ? { query: linked, variables: linkedVariables } : {};

const fetcher = createGraphiQLFetcher({ url: new URL(config.endpoint, location.href).toString() });

// The docs show deprecated arguments and the schema's description: GraphiQL
// asks for them with graphql-js's introspection query, whose options these
// are (graph/testdata/introspection/graphiql.graphql is the same query, run
// by the Go tests under the server's limits).
createRoot(document.getElementById('graphiql')).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={tabs}
    {...link}
    storage={storage}
    defaultEditorToolsVisibility={false}
    inputValueDeprecation
    schemaDescription
  />,
);
