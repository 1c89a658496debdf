pragma solidity ^0.4.0;
contract Old { function Old() { owner = msg.sender; } function kill() { suicide(owner); } uint[][][] a; mapping(uint=>mapping(uint=>uint)) b; }
contract New is Old, Old {}
