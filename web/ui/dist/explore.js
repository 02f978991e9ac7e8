(()=>{document.getElementById("explore").textContent="The flow explorer is being built.";})();
