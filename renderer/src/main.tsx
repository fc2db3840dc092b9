import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AppStore } from './app/store';
import './styles/app.css';
import './styles/document.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(<App store={new AppStore()} />);
