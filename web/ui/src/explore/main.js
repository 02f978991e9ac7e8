// The flow explorer at /explore (being built).
import './explore.css';

document.getElementById('explore').textContent = 'The flow explorer is being built.';
