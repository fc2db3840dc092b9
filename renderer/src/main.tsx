import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { Workspace } from './state/workspace';
import { PlainView } from './bench/PlainView';
import './styles/app.css';
import './styles/document.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
// `#bench-plain=<docId>`: the benchmark's baseline view (plain React spans, no Lexical).
const plain = /^#bench-plain=(.+)$/.exec(window.location.hash);
if (plain) createRoot(container).render(<PlainView docId={decodeURIComponent(plain[1] ?? '')} />);
else {
  const ws = new Workspace();
  // The start call goes out before the first render (Workspace.boot).
  void ws.boot();
  createRoot(container).render(<App ws={ws} />);
}
