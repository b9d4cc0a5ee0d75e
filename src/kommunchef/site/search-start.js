kommunchefSearch.start();
